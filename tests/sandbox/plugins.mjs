// The plugins the sandbox's Better Auth runs with, as real teams enable them: the admin plugin,
// two-factor (authenticator codes, codes by mail, backup codes, trusted devices), sign-in by
// e-mailed code, magic links, single sign-on through an OpenID Connect provider, and the Open
// API schema (which is how a server says what it offers).
const { admin, twoFactor, emailOTP, magicLink, openAPI, genericOAuth } = await import("better-auth/plugins");

// `idp`: the sandbox's identity provider (idp.mjs), signed in through with single sign-on.
export function plugins(config, send, idp) {
  const list = [admin({ impersonationSessionDuration: config.impersonationSeconds })];
  if (config.signInMethods) {
    list.push(
      twoFactor({
        issuer: "Authdesk Sandbox",
        twoFactorCookieMaxAge: config.twoFactorSeconds,
        otpOptions: { sendOTP: ({ user, otp }) => send(user.email, "two-factor-code", { code: otp }) },
      }),
      emailOTP({
        sendVerificationOTP: ({ email, otp, type }) => send(email, `${type}-code`, { code: otp }),
      }),
      magicLink({ sendMagicLink: ({ email, url }) => send(email, "magic-link", { url }) }),
      genericOAuth({ config: [idp.genericOAuth] }),
    );
  }
  if (config.openApi) list.push(openAPI());
  return list;
}
