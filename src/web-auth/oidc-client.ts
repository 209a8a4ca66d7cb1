import * as oidc from 'openid-client';
import type { OidcSettings } from './settings.js';

/** What a sign-in needs to remember until the provider sends the browser back. */
export interface SignInChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** The relying party of one provider: where to send a browser to sign in, and what it brought back. */
export interface OidcClient {
  /** The provider's authorization URL (code flow, PKCE S256) and the checks to keep. */
  start(redirectUri: string): Promise<{ url: URL; checks: SignInChecks }>;
  /** Redeems the code of the callback URL and returns the claims: the ID token's, with userinfo's added. */
  finish(callbackUrl: URL, checks: SignInChecks): Promise<Record<string, unknown>>;
}

const clients = new WeakMap<OidcSettings, OidcClient>();

/**
 * The OpenID Connect client of the configured provider, built once per settings: openid-client does
 * the protocol (discovery, PKCE, state and nonce, the ID token's signature and claims). Discovery runs
 * on the first sign-in and again after a failure, so a provider that was down is read once it is up.
 * @example const { url, checks } = await oidcClient(settings).start(`${base}/auth/callback`);
 */
export function oidcClient(settings: OidcSettings): OidcClient {
  const existing = clients.get(settings);
  if (existing) return existing;
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= oidc
      .discovery(
        new URL(settings.issuer),
        settings.clientId,
        settings.clientSecret,
        undefined,
        settings.allowInsecureHttp ? { execute: [oidc.allowInsecureRequests] } : undefined,
      )
      .catch((error: unknown) => {
        discovered = undefined;
        throw error;
      });
    return discovered;
  };
  const client: OidcClient = {
    async start(redirectUri) {
      const config = await configuration();
      const checks = {
        state: oidc.randomState(),
        nonce: oidc.randomNonce(),
        codeVerifier: oidc.randomPKCECodeVerifier(),
      };
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: settings.scopes,
        response_type: 'code',
        code_challenge: await oidc.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
        state: checks.state,
        nonce: checks.nonce,
      });
      return { url, checks };
    },
    async finish(callbackUrl, checks) {
      const config = await configuration();
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        pkceCodeVerifier: checks.codeVerifier,
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        idTokenExpected: true,
      });
      const idToken = tokens.claims();
      if (!idToken) throw new Error('the provider returned no ID token');
      // Many providers (SURFconext among them) release attributes only through userinfo.
      const userinfo = config.serverMetadata().userinfo_endpoint
        ? await oidc.fetchUserInfo(config, tokens.access_token, idToken.sub)
        : {};
      return { ...userinfo, ...idToken };
    },
  };
  clients.set(settings, client);
  return client;
}
