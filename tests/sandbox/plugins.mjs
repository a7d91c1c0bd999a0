// The plugins the sandbox's Better Auth runs with, as real teams enable them: the admin plugin
// with support roles,
// two-factor (authenticator codes, codes by mail, backup codes, trusted devices), sign-in by
// e-mailed code, magic links, single sign-on through an OpenID Connect provider, and the Open
// API schema (which is how a server says what it offers).
const { admin, twoFactor, emailOTP, magicLink, openAPI, genericOAuth, phoneNumber, lastLoginMethod } =
  await import("better-auth/plugins");
const { defaultAc, adminAc, userAc } = await import("better-auth/plugins/admin/access");

// The roles support teams give their staff, made with Better Auth's access control: `support`
// can look users up, ban and unban, and see and revoke sessions; `viewer` can only look; `billing`
// (for the app's own use) has no admin rights. A role outside these is refused, as on any server
// that declares its roles.
const roles = {
  admin: adminAc,
  user: userAc,
  support: defaultAc.newRole({ user: ["list", "get", "ban"], session: ["list", "revoke"] }),
  viewer: defaultAc.newRole({ user: ["list", "get"] }),
  billing: defaultAc.newRole({ user: [], session: [] }),
};

// The fields a product adds to its users (Better Auth's `additionalFields`), one of each type.
export const additionalFields = {
  plan: { type: "string", required: false, defaultValue: "free" },
  company: { type: "string", required: false },
  seats: { type: "number", required: false },
  beta: { type: "boolean", required: false, defaultValue: false },
  trialEndsAt: { type: "date", required: false },
  preferences: { type: "json", required: false },
};

// What the server mails for password resets and address checks (`send` is the mailbox).
export function mailOptions(send) {
  return {
    emailAndPassword: {
      enabled: true,
      sendResetPassword: ({ user, url }) => send(user.email, "password-reset", { url }),
    },
    emailVerification: {
      sendVerificationEmail: ({ user, url }) => send(user.email, "verification", { url }),
    },
  };
}

// `idp`: the sandbox's identity provider (idp.mjs), signed in through with single sign-on.
export function plugins(config, send, idp) {
  const list = [admin({ impersonationSessionDuration: config.impersonationSeconds, ac: defaultAc, roles })];
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
  // Phone numbers (their fields need `user:set-phone`) and the last way each user signed in.
  list.push(
    phoneNumber({ sendOTP: ({ phoneNumber: to, code }) => send(to, "phone-code", { code }) }),
    lastLoginMethod({ storeInDatabase: true }),
  );
  if (config.openApi) list.push(openAPI());
  return list;
}
