// The sandbox's single sign-on: a real OpenID Connect provider (panva's oidc-provider, as
// companies run behind their SSO) on 127.0.0.1, which the auth server's genericOAuth plugin signs
// in through. Its one user is already signed in there, the way an employee's identity provider
// session usually is: an authorization request comes straight back with a code, no form.
import http from "node:http";
import Provider from "oidc-provider";

export const IDP_PROVIDER_ID = "sandbox-idp";
const CLIENT_ID = "authdesk-sandbox";
const CLIENT_SECRET = "authdesk-sandbox-idp-secret-0b5c1e7d9a3f";

// Starts the provider for the auth server at `baseURL`; answers its issuer URL and what the
// auth server's genericOAuth needs. `user` is who is signed in there: {email, name}.
export async function startIdp({ baseURL, user, log }) {
  const server = http.createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const oidc = new Provider(issuer, {
    clients: [{
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uris: [`${baseURL}/callback/${IDP_PROVIDER_ID}`],
      grant_types: ["authorization_code"],
      response_types: ["code"],
    }],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, email: user.email, email_verified: true, name: user.name }),
    }),
    cookies: { keys: ["authdesk-sandbox-idp-cookie-key-5f2e8a1c"] },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
  });
  oidc.proxy = false;
  // Already signed in, consent already given: every interaction finishes at once.
  oidc.use(async (ctx, next) => {
    if (!ctx.path.startsWith("/interaction/")) return next();
    const details = await oidc.interactionDetails(ctx.req, ctx.res);
    const sub = `sandbox|${user.email}`;
    if (details.prompt.name === "login") {
      return oidc.interactionFinished(ctx.req, ctx.res, { login: { accountId: sub } }, { mergeWithLastSubmission: false });
    }
    const grant = new oidc.Grant({ accountId: sub, clientId: details.params.client_id });
    grant.addOIDCScope(String(details.params.scope));
    const grantId = await grant.save();
    return oidc.interactionFinished(ctx.req, ctx.res, { consent: { grantId } }, { mergeWithLastSubmission: true });
  });
  server.on("request", oidc.callback());
  log(`identity provider ${issuer} signs in ${user.email}`);
  return {
    issuer,
    close: () => server.close(),
    genericOAuth: {
      providerId: IDP_PROVIDER_ID,
      discoveryUrl: `${issuer}/.well-known/openid-configuration`,
      clientId: CLIENT_ID,
      clientSecret: CLIENT_SECRET,
      scopes: ["openid", "email", "profile"],
    },
  };
}
