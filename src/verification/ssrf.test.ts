import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Deployment, startDeployments } from '../../tests/support/deployments.js';
import type { Json } from '../../tests/support/target.js';
import { admin, opleider } from '../../tests/support/test-app.js';
import { sampleInput } from '../credentials/fixtures.test-support.js';
import {
  buildModuleCredential,
  generateEd25519Key,
  type JsonObject,
  signDataIntegrity,
  VC_V2_CONTEXT,
} from '../credentials/index.js';
import { signingDocumentLoader } from '../issuance/index.js';

// Outside development mode, what a credential names on this machine or a private network is never
// fetched: deployment C runs as in production (ALLOW_PRIVATE_NETWORK off); A, on loopback, counts
// every request it receives, to show C sent none.
describe('SSRF: outside development mode nothing a credential names on a private or loopback address is fetched', () => {
  let deployments: Awaited<ReturnType<typeof startDeployments<'a' | 'c'>>>;
  let a: Deployment;
  let c: Deployment;
  const port = () => new URL(a.url).port;

  const verifyAtC = (verifiableCredential: unknown) =>
    c.call('POST', '/credentials/verify', { body: { verifiableCredential } });
  const check = (body: Json, name: string) => body.checks.find((x: Json) => x.check === name);

  /**
   * A credential signed with a fresh key, by default as its did:key (resolved locally), or under
   * `issuer` with key `#key-1`; with the status and schema given.
   */
  async function selfSigned(extra: JsonObject, issuer?: string): Promise<Json> {
    const key = await generateEd25519Key();
    const did = issuer ?? `did:key:${key.publicKeyMultibase}`;
    return signDataIntegrity({
      credential: {
        '@context': [VC_V2_CONTEXT],
        id: `urn:uuid:${crypto.randomUUID()}`,
        type: ['VerifiableCredential'],
        issuer: did,
        validFrom: '2026-11-01T00:00:00Z',
        credentialSubject: { id: 'did:example:learner' },
        ...extra,
      },
      keyId: issuer ? `${did}#key-1` : `${did}#${key.publicKeyMultibase}`,
      key,
      documentLoader: signingDocumentLoader(c.deps),
      now: c.deps.now(),
    });
  }
  const entry = (url: string) => ({
    type: 'BitstringStatusListEntry',
    statusPurpose: 'revocation',
    statusListIndex: '7',
    statusListCredential: url,
  });

  beforeAll(async () => {
    deployments = await startDeployments({ a: {}, c: { developmentMode: false } });
    ({ a, c } = deployments);
    const res = await a.call('POST', '/institutions', {
      as: admin,
      body: { id: 'han', name: 'HAN', kind: 'hbo', country: 'NL', qualityAssurance: 'NVAO' },
    });
    expect(res.status, res.text).toBe(201);
  }, 60_000);
  afterAll(async () => deployments?.close());

  it("refuses a DID on loopback: A's credential does not verify at C, and A received no request", async () => {
    const issued = await a.call('POST', '/credentials/issue', {
      as: opleider('han'),
      body: { credential: buildModuleCredential(sampleInput(a.deps, 'han')) },
    });
    expect(issued.status, issued.text).toBe(201);
    const before = a.received.length;
    const res = await verifyAtC(issued.body.verifiableCredential);
    expect(res.status).toBe(422);
    expect(check(res.body, 'issuer').message).toBe(
      `${a.deps.urls.issuerDid('han')} cannot be resolved: ${a.url}/institutions/han/did.json could not be ` +
        'fetched: it is this machine (loopback), which is reached only in development mode',
    );
    expect(check(res.body, 'status').message).toContain('it is this machine (loopback)');
    expect(a.received.slice(before)).toEqual([]);
  });

  it('refuses did:web DIDs on literal private, link-local and loopback addresses, naming the range', async () => {
    const cases: Array<[string, string]> = [
      [`did:web:127.0.0.1%3A${port()}`, 'it is this machine (loopback)'],
      ['did:web:10.1.2.3', '10.1.2.3 is a private network (10/8)'],
      ['did:web:169.254.169.254', '169.254.169.254 is link-local'],
      ['did:web:100.64.0.7', 'carrier-grade NAT'],
      [`did:web:%5B%3A%3A1%5D%3A${port()}`, 'it is this machine (loopback)'],
    ];
    const before = a.received.length;
    for (const [did, why] of cases) {
      const res = await verifyAtC(await selfSigned({}, did));
      expect(res.status).toBe(422);
      expect(check(res.body, 'issuer').message, did).toContain(why);
    }
    expect(a.received.slice(before)).toEqual([]);
  });

  it('refuses status lists on loopback or private addresses: the status check fails closed naming each, and nothing was requested', async () => {
    const lists = [
      `${a.url}/status-lists/some-list`,
      `https://127.0.0.1:${port()}/status-lists/some-list`,
      `https://[::1]:${port()}/status-lists/some-list`,
      'https://192.168.1.10/status-lists/some-list',
      'https://[fd00::1]/status-lists/some-list',
      `http://localhost:${port()}/status-lists/some-list`,
    ];
    const before = a.received.length;
    for (const list of lists) {
      const res = await verifyAtC(await selfSigned({ credentialStatus: entry(list) }));
      expect(res.status).toBe(422);
      expect(check(res.body, 'signature').ok).toBe(true);
      const status = check(res.body, 'status');
      expect(status.ok).toBe(false);
      expect(status.message, list).toContain(`status list ${list} could not be fetched`);
    }
    expect(a.received.slice(before)).toEqual([]);
  });

  it("refuses a schema it does not bundle, even A's own published one, and never fetches it", async () => {
    const before = a.received.length;
    for (const id of [`${a.url}/schemas/module-credential.schema.json`, 'https://10.0.0.8/schema.json']) {
      const res = await verifyAtC(await selfSigned({ credentialSchema: { id, type: 'JsonSchema' } }));
      expect(res.status).toBe(422);
      expect(check(res.body, 'schema')).toEqual({
        check: 'schema',
        ok: false,
        message: `schema ${id} is not one this service bundles (schemas are never fetched)`,
      });
    }
    expect(a.received.slice(before)).toEqual([]);
  });

  it("refuses a context it does not bundle, naming it instead of JSON-LD's misleading CORS text", async () => {
    const credential = await selfSigned({});
    const context = `${a.url}/contexts/loopbrug-v1.jsonld`;
    const before = a.received.length;
    const res = await verifyAtC({ ...credential, '@context': [VC_V2_CONTEXT, context] });
    expect(res.status).toBe(422);
    expect(check(res.body, 'signature').message).toBe(
      `${context}: not a context or schema this service bundles (unknown contexts are refused, never fetched)`,
    );
    expect(a.received.slice(before)).toEqual([]);
  });
});
