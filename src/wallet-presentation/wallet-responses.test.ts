import { decodeJwt } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { type HeldCredential, openWallet, type TestWallet } from '../../tests/support/oid4vc-wallet.js';
import { openScenario } from '../../tests/support/scenario.js';
import { expectStatus, type Json, TEST_NOW } from '../../tests/support/target.js';
import { opleider, startTestApp } from '../../tests/support/test-app.js';
import { learnerWithModuleCredential } from '../../tests/support/wallet-scenario.js';
import { readFixtureFiles } from '../fixtures/read-fixture-files.js';

// OpenID4VP responses to an instelling's request, against the real app on SQLite: what is kept, and every
// refusal as the protocol's error (invalid_request naming why) with nothing kept and the request still
// open. The wallets are tests/support/oid4vc-wallet.ts; the clock is the app's, moved on to expire requests.

let clock = Date.parse(TEST_NOW);
let t: Awaited<ReturnType<typeof startTestApp>>;
let sanne: Awaited<ReturnType<typeof learnerWithModuleCredential>>;
let wallet: TestWallet;
let other: TestWallet;
const rivor = opleider('roc-rivor');

const fetchApp = (url: string, init?: RequestInit) => Promise.resolve(t.app.request(url, init));

async function pickUp(into: TestWallet, learner: { as: Json }, credentialId: string, format: string) {
  const offer = await expectStatus(
    t.call('POST', `/credentials/${encodeURIComponent(credentialId)}/offer`, {
      as: learner.as,
      body: { format },
    }),
    201,
  );
  return into.pickUp(offer.credentialOfferUri, offer.txCode);
}

/** A request of ROC Rivor to Sanne's wallet, and its request object's parameters as the wallet reads them. */
async function openRequest() {
  const created = await expectStatus(
    t.call('POST', `/routes/${sanne.routeId}/wallet-requests`, { as: rivor, body: {} }),
    201,
  );
  const object = await t.app.request(created.requestUri);
  const params = decodeJwt(await object.text()) as Json;
  const respond = (form: Record<string, string>) =>
    t.call('POST', new URL(params.response_uri).pathname, {
      body: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
  return { created, params, respond };
}

const vpToken = (queryId: string, presentation: unknown) => JSON.stringify({ [queryId]: [presentation] });
const LDP = 'open_badge_ldp_vc';
const JWT = 'open_badge_jwt_vc_json';

const keptCount = async () => (await t.rowCounts()).learner_credential ?? 0;

/** Refused as invalid_request, naming `why`; nothing kept; the request still open. */
async function expectRefused(answer: Promise<Json>, why: RegExp, requestId: string) {
  const before = await keptCount();
  const done = await answer;
  expect(done.status, done.text).toBe(400);
  expect(done.body.error).toBe('invalid_request');
  expect(done.body.error_description).toMatch(why);
  expect(await keptCount()).toBe(before);
  const [request] = await t.target.query<{ answered_at: string | null }>(
    'SELECT answered_at FROM presentation_request WHERE id = ?',
    requestId,
  );
  expect(request?.answered_at ?? null).toBeNull();
}

const heldOf = (w: TestWallet, format: HeldCredential['format']) => w.held.filter((h) => h.format === format);

beforeAll(async () => {
  t = await startTestApp({ now: () => new Date(clock) });
  const s = await openScenario(t.target, readFixtureFiles());
  sanne = await learnerWithModuleCredential(s, 'sanne');
  const ander = await learnerWithModuleCredential(s, 'ander');
  wallet = await openWallet(fetchApp, { didWebScheme: 'http', now: () => new Date(clock) });
  other = await openWallet(fetchApp, { didWebScheme: 'http', now: () => new Date(clock) });
  for (const format of ['ldp_vc', 'jwt_vc_json']) {
    await pickUp(wallet, sanne.learner, sanne.credentialId, format);
    await pickUp(other, ander.learner, ander.credentialId, format);
  }
}, 120_000);

describe('answering an OpenID4VP request (direct_post)', () => {
  it('serves a request object signed by the instelling’s did:web, and keeps what a response proves, once', async () => {
    const { created, params, respond } = await openRequest();
    expect(created.authorizationRequest).toMatch(
      /^openid4vp:\/\/\?client_id=decentralized_identifier%3Adid%3Aweb%3A/,
    );
    expect(created.qrCode.png).toMatch(/^data:image\/png;base64,/);
    expect(params).toMatchObject({
      response_type: 'vp_token',
      response_mode: 'direct_post',
      client_id: t.deps.urls.issuerDid('roc-rivor').replace(/^/, 'decentralized_identifier:'),
      dcql_query: {
        credentials: [
          { id: LDP, format: 'ldp_vc' },
          { id: JWT, format: 'jwt_vc_json' },
        ],
      },
    });
    const form = {
      vp_token: vpToken(
        LDP,
        await wallet.presentation('ldp_vc', heldOf(wallet, 'ldp_vc'), params.nonce, params.client_id),
      ),
      state: params.state,
    };
    const before = await keptCount();
    expect((await respond(form)).status).toBe(200);
    expect(await keptCount()).toBe(before + 1);
    const view = await expectStatus(
      t.call('GET', `/routes/${sanne.routeId}/wallet-requests/${created.id}`, { as: sanne.learner.as }),
      200,
    );
    expect(view).toMatchObject({
      status: 'answered',
      credentials: [{ credentialId: heldOf(wallet, 'ldp_vc')[0]?.content.id }],
    });

    // A replay of the same response is refused, and keeps nothing more.
    const replay = await respond(form);
    expect(replay.status).toBe(400);
    expect(replay.body.error_description).toMatch(/answered already/);
    expect(await keptCount()).toBe(before + 1);
    expect((await t.app.request(created.requestUri)).status).toBe(404);
  });

  it('refuses a wrong state, nonce or audience, in either format', async () => {
    const { created, params, respond } = await openRequest();
    const jwts = heldOf(wallet, 'jwt_vc_json');
    const ldps = heldOf(wallet, 'ldp_vc');
    await expectRefused(
      respond({
        vp_token: vpToken(
          JWT,
          await wallet.presentation('jwt_vc_json', jwts, params.nonce, params.client_id),
        ),
        state: 'anders',
      }),
      /state/,
      created.id,
    );
    await expectRefused(
      respond({
        vp_token: vpToken(
          JWT,
          await wallet.presentation('jwt_vc_json', jwts, 'een-andere-nonce', params.client_id),
        ),
        state: params.state,
      }),
      /nonce/,
      created.id,
    );
    await expectRefused(
      respond({
        vp_token: vpToken(
          LDP,
          await wallet.presentation('ldp_vc', ldps, 'een-andere-nonce', params.client_id),
        ),
        state: params.state,
      }),
      /proof/,
      created.id,
    );
    await expectRefused(
      respond({
        vp_token: vpToken(
          JWT,
          await wallet.presentation('jwt_vc_json', jwts, params.nonce, 'redirect_uri:https://elders.example'),
        ),
        state: params.state,
      }),
      /aud/,
      created.id,
    );
    await expectRefused(
      respond({
        vp_token: vpToken(
          LDP,
          await wallet.presentation('ldp_vc', ldps, params.nonce, 'https://elders.example'),
        ),
        state: params.state,
      }),
      /domain|proof/,
      created.id,
    );
    await expectRefused(
      respond({
        vp_token: vpToken(
          LDP,
          await wallet.presentation('jwt_vc_json', jwts, params.nonce, params.client_id),
        ),
        state: params.state,
      }),
      /ldp_vc presentation is a JSON object/,
      created.id,
    );
    await expectRefused(respond({ vp_token: '{}', state: params.state }), /no credential/, created.id);
  });

  it('refuses someone else’s credential, a wallet the learner is not known by, a revoked and a tampered credential', async () => {
    const { created, params, respond } = await openRequest();
    // Sanne's wallet presents a credential bound to another wallet: its subject is not the holder.
    await expectRefused(
      respond({
        vp_token: vpToken(
          LDP,
          await wallet.presentation('ldp_vc', heldOf(other, 'ldp_vc'), params.nonce, params.client_id),
        ),
        state: params.state,
      }),
      /issued to did:key:.*not to the holder/,
      created.id,
    );
    // Another learner's wallet answers Sanne's request with its own credential.
    await expectRefused(
      respond({
        vp_token: vpToken(
          JWT,
          await other.presentation(
            'jwt_vc_json',
            heldOf(other, 'jwt_vc_json'),
            params.nonce,
            params.client_id,
          ),
        ),
        state: params.state,
      }),
      /no DID learner .* is known by here/,
      created.id,
    );
    // A tampered credential: its signature no longer verifies.
    const [ldp] = heldOf(wallet, 'ldp_vc') as [HeldCredential];
    const tampered = { ...ldp, credential: structuredClone(ldp.credential) };
    tampered.credential.credentialSubject.achievement.name = 'Iets anders';
    await expectRefused(
      respond({
        vp_token: vpToken(
          LDP,
          await wallet.presentation('ldp_vc', [tampered], params.nonce, params.client_id),
        ),
        state: params.state,
      }),
      /signature/,
      created.id,
    );
    // The issuer revokes the picked-up credential: its own status entry says so.
    const [jwt] = heldOf(wallet, 'jwt_vc_json') as [HeldCredential];
    await expectStatus(
      t.call('POST', `/credentials/${encodeURIComponent(jwt.content.id)}/revoke`, {
        as: rivor,
        body: { reason: 'test' },
      }),
      200,
    );
    await expectRefused(
      respond({
        vp_token: vpToken(
          JWT,
          await wallet.presentation('jwt_vc_json', [jwt], params.nonce, params.client_id),
        ),
        state: params.state,
      }),
      /status.*revoked/,
      created.id,
    );
  });

  it('refuses an expired request, and keeps nothing for a wallet’s error response', async () => {
    const { created, params, respond } = await openRequest();
    const before = await keptCount();
    expect((await respond({ error: 'access_denied', state: params.state })).status).toBe(200);
    expect(await keptCount()).toBe(before);
    clock += 601_000;
    try {
      const form = {
        vp_token: vpToken(
          LDP,
          await wallet.presentation('ldp_vc', heldOf(wallet, 'ldp_vc'), params.nonce, params.client_id),
        ),
        state: params.state,
      };
      await expectRefused(respond(form), /expired/, created.id);
      expect((await t.app.request(created.requestUri)).status).toBe(404);
    } finally {
      clock -= 601_000;
    }
  });
});
