import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployment, startDeployments } from '../../tests/support/deployments.js';
import type { Json } from '../../tests/support/target.js';
import { admin, opleider } from '../../tests/support/test-app.js';
import { failedChecks, sampleInput } from '../credentials/fixtures.test-support.js';
import { buildModuleCredential } from '../credentials/index.js';
import { liveStatus } from './index.js';

// Two deployments, each its own database and public URL on loopback, A's documents reached by B over
// real HTTPS only. A publishes; B verifies. Statuses are cached for a list's ttl (300000 ms by
// default), so after A changes one, B's clock is moved past it.
const TTL_PASSED = 300_001;
const reason = 'Toetsing bleek niet volgens het toetsplan.';

describe('a credential issued by deployment A, verified by deployment B over HTTPS', () => {
  let deployments: Awaited<ReturnType<typeof startDeployments<'a' | 'b'>>>;
  let a: Deployment;
  let b: Deployment;

  const register = async (at: Deployment, id: string) => {
    const res = await at.call('POST', '/institutions', {
      as: admin,
      body: { id, name: id.toUpperCase(), kind: 'hbo', country: 'NL', qualityAssurance: 'NVAO' },
    });
    expect(res.status, res.text).toBe(201);
  };
  /** A module credential HAN at A issues over the VC-API, with A's status entry. */
  const issuedAtA = async (): Promise<Json> => {
    const res = await a.call('POST', '/credentials/issue', {
      as: opleider('han'),
      body: { credential: buildModuleCredential(sampleInput(a.deps, 'han')) },
    });
    expect(res.status, res.text).toBe(201);
    return res.body.verifiableCredential;
  };
  const verifyAtB = (verifiableCredential: unknown, relyingParty?: string) =>
    b.call('POST', '/credentials/verify', {
      body: { verifiableCredential, ...(relyingParty ? { options: { relyingParty } } : {}) },
    });
  const atA = (id: string, action: 'revoke' | 'suspend' | 'reinstate') =>
    a.call('POST', `/credentials/${encodeURIComponent(id)}/${action}`, {
      as: opleider('han'),
      body: { reason },
    });
  const check = (body: Json, name: string) => body.checks.find((c: Json) => c.check === name);

  beforeAll(async () => {
    deployments = await startDeployments({ a: {}, b: {} });
    ({ a, b } = deployments);
    await register(a, 'han');
    await register(b, 'kw1c');
  }, 60_000);
  afterAll(async () => deployments?.close());

  it("verifies at B, resolving A's did:web and fetching its status list over HTTPS, and names the issuer without claiming trust", async () => {
    const vc = await issuedAtA();
    const hanDid = a.deps.urls.issuerDid('han');
    expect(vc.issuer.id).toBe(hanDid);
    expect(hanDid).toBe(`did:web:localhost%3A${new URL(a.url).port}:institutions:han`);
    const before = a.received.length;

    const res = await verifyAtB(vc);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ verified: true, issuer: hanDid });
    expect(res.body.trust).toBeUndefined();
    expect(res.body.checks.map((c: Json) => c.check)).not.toContain('trust');
    expect(check(res.body, 'issuer').message).toBe(`its DID document at ${a.url}/institutions/han/did.json`);
    const statusList = vc.credentialStatus.statusListCredential as string;
    expect(a.received.slice(before)).toEqual(
      expect.arrayContaining(['GET /institutions/han/did.json', `GET ${new URL(statusList).pathname}`]),
    );
  });

  it("answers B's own trust only when asked: not trusted by kw1c until its opleider recognises HAN's did:web", async () => {
    const vc = await issuedAtA();
    const hanDid = a.deps.urls.issuerDid('han');
    const untrusted = await verifyAtB(vc, 'kw1c');
    expect(untrusted.status).toBe(422);
    expect(failedChecks(untrusted.body)).toEqual(['trust']);
    expect(check(untrusted.body, 'trust').message).toBe(`issuer ${hanDid} is not recognised by 'kw1c'`);

    const recognised = await b.call('POST', '/institutions/kw1c/recognitions', {
      as: opleider('kw1c'),
      body: { issuer: hanDid },
    });
    expect(recognised.status, recognised.text).toBe(201);
    const trusted = await verifyAtB(vc, 'kw1c');
    expect(trusted.status, trusted.text).toBe(200);
    expect(trusted.body.trust).toEqual({
      institutionId: 'kw1c',
      trusted: true,
      because: `recognised by 'kw1c' on 2026-11-22 (recognition '${recognised.body.id}')`,
    });
    const unknownParty = await verifyAtB(vc, 'nergens');
    expect(unknownParty.status).toBe(422);
    expect(unknownParty.body.errors).toEqual([
      { path: 'body.options.relyingParty', message: "there is no institution 'nergens'" },
    ]);
  });

  it('A revokes: B fails on status once its cached copy of the list is older than the ttl', async () => {
    const vc = await issuedAtA();
    expect((await verifyAtB(vc)).status).toBe(200);
    expect((await atA(vc.id, 'revoke')).status).toBe(200);
    // Within the ttl B may still use the list it fetched: the spec's caching, not a stale bug.
    expect((await verifyAtB(vc)).status).toBe(200);
    b.advanceClock(TTL_PASSED);
    const revoked = await verifyAtB(vc);
    expect(revoked.status).toBe(422);
    expect(failedChecks(revoked.body)).toEqual(['status']);
    expect(check(revoked.body, 'status').message).toBe('revoked');
    expect(await liveStatus(b.deps, vc)).toEqual({ state: 'revoked', message: 'revoked' });
  });

  it('A suspends: B says suspended; A stopped: B fails closed naming what it could not reach; A reinstates: it verifies again', async () => {
    const vc = await issuedAtA();
    const statusList = vc.credentialStatus.statusListCredential as string;
    expect((await verifyAtB(vc)).status).toBe(200);

    expect((await atA(vc.id, 'suspend')).status).toBe(200);
    b.advanceClock(TTL_PASSED);
    const suspended = await verifyAtB(vc);
    expect(suspended.status).toBe(422);
    expect(check(suspended.body, 'status')).toEqual({ check: 'status', ok: false, message: 'suspended' });
    expect(await liveStatus(b.deps, vc)).toEqual({ state: 'suspended', message: 'suspended' });

    await a.stop();
    b.advanceClock(TTL_PASSED);
    const unreachable = await verifyAtB(vc);
    expect(unreachable.status).toBe(422);
    expect(failedChecks(unreachable.body)).toEqual(expect.arrayContaining(['status']));
    expect(JSON.stringify(unreachable.body.checks)).toContain(
      `status list ${statusList} could not be fetched`,
    );
    const live = await liveStatus(b.deps, vc);
    expect(live.state).toBe('unavailable');
    expect(live.message).toContain(`status list ${statusList} could not be fetched`);

    await a.start();
    expect((await atA(vc.id, 'reinstate')).status).toBe(200);
    // A failed fetch is never cached: B reads the list again as soon as A is back.
    const again = await verifyAtB(vc);
    expect(again.status, again.text).toBe(200);
    expect(await liveStatus(b.deps, vc)).toMatchObject({ state: 'active' });
  });

  it("fails closed naming A's DID document when B resolves it only after A stopped", async () => {
    const vc = await issuedAtA();
    await a.stop();
    b.advanceClock(TTL_PASSED);
    try {
      const res = await verifyAtB(vc);
      expect(res.status).toBe(422);
      expect(check(res.body, 'issuer').message).toContain(
        `${a.url}/institutions/han/did.json could not be fetched`,
      );
      expect(check(res.body, 'signature').message).toContain(
        `${a.url}/institutions/han/did.json could not be fetched`,
      );
    } finally {
      await a.start();
    }
  });
});
