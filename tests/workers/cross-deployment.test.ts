import { describe, expect, inject, it, vi } from 'vitest';
import type { Json } from '../support/target.js';
import { d1Target } from './d1-target.js';

// Deployment B is the worker under test, on workerd + D1. Deployment A is the real app on Node with
// SQLite, served over HTTPS on loopback for this run (tests/workers/deployment-a.setup.ts): B resolves
// A's did:web and fetches A's status list through its guarded fetcher over the Workers runtime's own
// fetch, which leaves workerd through its network stack (outboundService in vitest.workers.config.ts:
// loopback only, A's certificate trusted). The test drives A through A's control endpoint, since it
// cannot call into Node. B caches A's list for its ttl (300000 ms), so after A changes a status B's
// clock (the isolate's faked Date) is moved past it. While A is down workerd logs the refused
// connection as an uncaught "Network connection lost" of its own; the fetch itself is handled.
const a = inject('deploymentA');
const TTL_PASSED = 300_001;

describe('deployment B on workerd + D1 verifies what deployment A issued, over HTTPS', () => {
  const b = d1Target();
  const verifyAtB = (verifiableCredential: unknown) =>
    b.call('POST', '/credentials/verify', { body: { verifiableCredential } });
  const statusCheck = (body: Json) => body.checks.find((c: Json) => c.check === 'status');
  const atA = async (action: 'suspend' | 'reinstate' | 'stop' | 'start') => {
    const res = await fetch(`${a.control}/${action}`, { method: 'POST' });
    expect(res.status, await res.text()).toBe(204);
  };
  const later = () => vi.setSystemTime(new Date(Date.now() + TTL_PASSED));

  it('verifies, sees a suspension, fails closed while A is unreachable, and verifies again once A is back and reinstates', async () => {
    const hanDid = `did:web:localhost%3A${new URL(a.url).port}:institutions:han`;
    const verified = await verifyAtB(a.credential);
    expect(verified.status, verified.text).toBe(200);
    expect(verified.body).toMatchObject({ verified: true, issuer: hanDid });
    expect(verified.body.checks.find((c: Json) => c.check === 'issuer').message).toBe(
      `its DID document at ${a.url}/institutions/han/did.json`,
    );

    await atA('suspend');
    later();
    const suspended = await verifyAtB(a.credential);
    expect(suspended.status).toBe(422);
    expect(statusCheck(suspended.body)).toEqual({ check: 'status', ok: false, message: 'suspended' });

    await atA('stop');
    later();
    const list = a.credential.credentialStatus.statusListCredential as string;
    const unreachable = await verifyAtB(a.credential);
    expect(unreachable.status).toBe(422);
    expect(statusCheck(unreachable.body).message).toContain(`status list ${list} could not be fetched`);

    await atA('start');
    await atA('reinstate');
    const again = await verifyAtB(a.credential);
    expect(again.status, again.text).toBe(200);
  });
});
