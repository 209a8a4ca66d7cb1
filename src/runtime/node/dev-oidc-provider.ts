import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair } from 'jose';
import Provider, { interactionPolicy, type KoaContextWithOIDC } from 'oidc-provider';
import { DEFAULT_CLAIMS, type OidcSettings, randomToken } from '../../web-auth/index.js';
import type { DevPerson } from './dev-people.js';

/** Where the development provider is mounted on the app's own server. */
export const DEV_OIDC_PATH = '/dev-oidc';
const CLIENT_ID = 'loopbrug-dev';
const SCOPES = 'openid profile email loopbrug';

/** The development provider, and the sign-in settings that point the pages at it. */
export interface DevOidcProvider {
  settings: OidcSettings;
  /** Answers the requests under /dev-oidc on the Node server. */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

const escapeHtml = (text: string) => text.replace(/[<>&"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const ROLE_NAMES: Record<string, string> = {
  opleider: 'Opleiders',
  praktijkopleider: 'Praktijkopleiders',
  werkgever: 'Werkgevers',
  learner: 'Lerenden',
  admin: 'Beheer',
};

/** The page where a developer chooses who to be: one button per person, grouped by role. */
function chooserPage(uid: string, people: readonly DevPerson[]): string {
  const groups = Object.entries(ROLE_NAMES).map(([role, heading]) => {
    const buttons = people
      .filter((p) => p.principal.role === role)
      .map(
        (p) =>
          `<li><button type="submit" name="sub" value="${escapeHtml(p.principal.sub)}">${escapeHtml(p.name)}</button> <span>${escapeHtml(p.at)} · <code>${escapeHtml(p.principal.sub)}</code></span></li>`,
      )
      .join('');
    return `<section><h2>${heading}</h2><ul>${buttons}</ul></section>`;
  });
  return `<!doctype html><html lang="nl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Ontwikkel-aanmelding · Loopbrug</title>
<style>body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b2530;background:#f5f7f8}main{max-width:60rem;margin:0 auto;padding:1rem}ul{list-style:none;padding:0}li{margin:.5rem 0}button{font:inherit;font-weight:600;min-height:44px;padding:.4rem .9rem;background:#0a5a8a;color:#fff;border:2px solid #0a5a8a;border-radius:6px;cursor:pointer}button:focus-visible{outline:3px solid #b34700;outline-offset:2px}span{color:#36434d}</style>
</head><body><main><h1>Kies wie je bent</h1><p>Dit is de OpenID-aanbieder voor ontwikkeling die <code>npm start</code> meedraait. Hij kent de mensen uit de scenario-fixtures; met een echte aanbieder (OIDC_ISSUER) draait hij niet.</p>
<form method="post" action="${DEV_OIDC_PATH}/interaction/${escapeHtml(uid)}/login">${groups.join('')}</form></main></body></html>`;
}

async function formField(req: IncomingMessage, name: string): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8')).get(name) ?? undefined;
}

/**
 * A real OpenID provider (oidc-provider) inside the Node process, for development and the browser tests:
 * the pages sign in with it exactly as with SURFconext or eduID (authorization code, PKCE, ID token,
 * userinfo), and a developer picks one of the fixture people instead of typing a password. It issues
 * the claims the default claim names read (`loopbrug_role`, `loopbrug_institution`, `loopbrug_employer`).
 * Every sign-in asks who to be, so switching person needs no sign-out at the provider. Never started
 * when a real provider is configured (OIDC_ISSUER).
 * @example const dev = await devOidcProvider(config.publicUrl, devPeople(readFixtureFiles()));
 */
export async function devOidcProvider(base: string, people: readonly DevPerson[]): Promise<DevOidcProvider> {
  const issuer = `${base}${DEV_OIDC_PATH}`;
  const bySub = new Map(people.map((p) => [p.principal.sub, p]));
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const clientSecret = randomToken();

  // Login is asked at every authorization request, until this interaction chose someone.
  const policy = interactionPolicy.base();
  policy
    .get('login')
    ?.checks.add(
      new interactionPolicy.Check(
        'dev_choose_person',
        'choose who to sign in as',
        (ctx: KoaContextWithOIDC) => !ctx.oidc.result?.login,
      ),
    );

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: clientSecret,
        redirect_uris: [`${base}/auth/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'dev' }] },
    cookies: { keys: [randomToken()] },
    scopes: ['openid', 'profile', 'email', 'loopbrug'],
    claims: {
      openid: ['sub'],
      profile: ['name'],
      email: ['email'],
      loopbrug: [DEFAULT_CLAIMS.role, DEFAULT_CLAIMS.institution, DEFAULT_CLAIMS.employer],
    },
    pkce: { methods: ['S256'], required: () => true },
    features: { devInteractions: { enabled: false } },
    interactions: { policy, url: (_ctx, interaction) => `${DEV_OIDC_PATH}/interaction/${interaction.uid}` },
    findAccount: (_ctx, sub) => {
      const person = bySub.get(sub);
      if (!person) return undefined;
      const { role, institution, employer } = person.principal;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          name: person.name,
          email: person.email,
          [DEFAULT_CLAIMS.role]: role,
          ...(institution ? { [DEFAULT_CLAIMS.institution]: institution } : {}),
          ...(employer ? { [DEFAULT_CLAIMS.employer]: employer } : {}),
        }),
      };
    },
    // Our own client, asking for our own scopes: granted without a consent screen.
    loadExistingGrant: async (ctx) => {
      const session = ctx.oidc.session;
      const client = ctx.oidc.client;
      if (!session?.accountId || !client) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return ctx.oidc.provider.Grant.find(existing);
      const grant = new ctx.oidc.provider.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope(SCOPES);
      await grant.save();
      return grant;
    },
  });
  const callback = provider.callback();

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const interaction = /^\/dev-oidc\/interaction\/([^/]+)(\/login)?$/.exec(path);
    if (interaction && req.method === 'GET' && !interaction[2]) {
      const details = await provider.interactionDetails(req, res);
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end(chooserPage(details.uid, people));
      return;
    }
    if (interaction && req.method === 'POST' && interaction[2]) {
      const sub = await formField(req, 'sub');
      if (sub === undefined || !bySub.has(sub)) {
        res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
        res.end('Choose one of the people listed.');
        return;
      }
      await provider.interactionFinished(
        req,
        res,
        { login: { accountId: sub } },
        { mergeWithLastSubmission: false },
      );
      return;
    }
    // Mounted under /dev-oidc the way Express mounts it: the provider reads its path from originalUrl.
    Object.assign(req, { originalUrl: req.url });
    req.url = (req.url ?? '/').slice(DEV_OIDC_PATH.length) || '/';
    callback(req, res);
  }

  return {
    settings: {
      issuer,
      clientId: CLIENT_ID,
      clientSecret,
      scopes: SCOPES,
      claims: DEFAULT_CLAIMS,
      roleValues: {},
      tenantValues: {},
      allowInsecureHttp: new URL(base).protocol === 'http:',
    },
    handle: (req, res) => {
      handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`The development provider failed: ${error instanceof Error ? error.message : String(error)}`);
      });
    },
  };
}
