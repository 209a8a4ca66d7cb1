import { beforeAll, describe, expect, it } from 'vitest';
import { startCredentialsApp } from '../credentials/fixtures.test-support.js';
import {
  generateEd25519Key,
  multikeyToJwk,
  signDataIntegrity,
  signPresentationAsHolder,
  VC_V2_CONTEXT,
} from '../credentials/index.js';
import { signingDocumentLoader } from '../issuance/index.js';
import { didJwkDocument } from './did-jwk.js';
import { didDocumentFrom, didWebUrl } from './did-web.js';
import { verifyCredential, verifyPresentation } from './index.js';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('did:web as the did:web method specifies', () => {
  it.each([
    ['did:web:w3c-ccg.github.io', 'https://w3c-ccg.github.io/.well-known/did.json'],
    ['did:web:w3c-ccg.github.io:user:alice', 'https://w3c-ccg.github.io/user/alice/did.json'],
    ['did:web:example.com%3A3000:user:alice', 'https://example.com:3000/user/alice/did.json'],
    ['did:web:localhost%3A8443:institutions:han', 'https://localhost:8443/institutions/han/did.json'],
  ])('%s is published at %s', (did, url) => {
    expect(didWebUrl(did)).toBe(url);
  });

  it.each(['did:web:', 'did:web:exa%2Fmple.com', 'did:web:example.com#key-1', 'did:key:z6Mk', 'did:web:a b'])(
    '%s names no document',
    (did) => {
      expect(didWebUrl(did)).toBeUndefined();
    },
  );

  it("reads a published document's Ed25519 keys only, relative ids and JsonWebKeys included", async () => {
    const did = 'did:web:academie.example';
    const multikey = await generateEd25519Key();
    const jwkKey = await generateEd25519Key();
    const document = await didDocumentFrom(
      {
        '@context': ['https://www.w3.org/ns/did/v1'],
        id: did,
        verificationMethod: [
          {
            id: '#key-1',
            type: 'Multikey',
            controller: did,
            publicKeyMultibase: multikey.publicKeyMultibase,
          },
          {
            id: `${did}#key-2`,
            type: 'JsonWebKey2020',
            controller: did,
            publicKeyJwk: await multikeyToJwk(jwkKey.publicKeyMultibase),
          },
          {
            id: '#p256',
            type: 'JsonWebKey',
            controller: did,
            publicKeyJwk: { kty: 'EC', crv: 'P-256', x: 'a', y: 'b' },
          },
          {
            id: '#theirs',
            type: 'Multikey',
            controller: 'did:web:elders.example',
            publicKeyMultibase: multikey.publicKeyMultibase,
          },
        ],
        assertionMethod: ['#key-1', `${did}#key-2`, '#p256', '#theirs'],
        authentication: ['#key-2'],
        service: [{ id: '#linked', type: 'LinkedDomains', serviceEndpoint: 'https://academie.example' }],
      },
      did,
    );
    if (typeof document === 'string') throw new Error(document);
    expect(document['@context']).toEqual([
      'https://www.w3.org/ns/did/v1',
      'https://w3id.org/security/multikey/v1',
    ]);
    expect(
      document.verificationMethod.map((vm) => [vm.id, vm.type, vm.controller, vm.publicKeyMultibase]),
    ).toEqual([
      [`${did}#key-1`, 'Multikey', did, multikey.publicKeyMultibase],
      [`${did}#key-2`, 'Multikey', did, jwkKey.publicKeyMultibase],
    ]);
    expect([document.assertionMethod, document.authentication]).toEqual([
      [`${did}#key-1`, `${did}#key-2`],
      [`${did}#key-2`],
    ]);
    expect(await didDocumentFrom({ id: 'did:web:elders.example' }, did)).toBe(
      `the DID document is that of did:web:elders.example, not of ${did}`,
    );
    expect(await didDocumentFrom('nope', did)).toBe('the DID document is not a JSON object');
  });
});

describe('did:jwk, resolved locally', () => {
  let t: Awaited<ReturnType<typeof startCredentialsApp>>;
  beforeAll(async () => {
    t = await startCredentialsApp();
  });

  async function didJwkKey() {
    const key = await generateEd25519Key();
    const did = `did:jwk:${b64(await multikeyToJwk(key.publicKeyMultibase))}`;
    return { did, keyId: `${did}#0`, key };
  }

  it('is an Ed25519 key that asserts and authenticates as #0; anything else does not resolve', async () => {
    const { did, key } = await didJwkKey();
    expect(await didJwkDocument(did)).toMatchObject({
      id: did,
      verificationMethod: [
        { id: `${did}#0`, type: 'Multikey', controller: did, publicKeyMultibase: key.publicKeyMultibase },
      ],
      assertionMethod: [`${did}#0`],
      authentication: [`${did}#0`],
    });
    expect(await didJwkDocument(`did:jwk:${b64({ kty: 'EC', crv: 'P-256', x: 'a', y: 'b' })}`)).toBe(
      'only an Ed25519 key (kty OKP, crv Ed25519) is supported',
    );
    expect(
      await didJwkDocument(
        `did:jwk:${b64({ ...(await multikeyToJwk(key.publicKeyMultibase, key.secretKeyMultibase)) })}`,
      ),
    ).toBe('a did:jwk must not carry a private key');
    expect(await didJwkDocument('did:jwk:!!!')).toBe('a did:jwk is the base64url JSON of a JSON Web Key');
  });

  it('verifies a credential a did:jwk issued and a presentation a did:jwk holder signed', async () => {
    const issuer = await didJwkKey();
    const credential = await signDataIntegrity({
      credential: {
        '@context': [VC_V2_CONTEXT],
        id: `urn:uuid:${crypto.randomUUID()}`,
        type: ['VerifiableCredential'],
        issuer: issuer.did,
        validFrom: '2026-11-01T00:00:00Z',
        credentialSubject: { id: 'did:example:learner' },
      },
      keyId: issuer.keyId,
      key: issuer.key,
      documentLoader: signingDocumentLoader(t.deps),
      now: t.deps.now(),
    });
    const verified = await verifyCredential(t.deps, credential);
    expect(verified.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verified.checks.find((c) => c.check === 'issuer')?.message).toBe('did:jwk issuer');

    const holder = await didJwkKey();
    const options = { challenge: 'c-jwk', domain: 'https://verifier.example' };
    const presentation = await signPresentationAsHolder({
      presentation: {
        '@context': [VC_V2_CONTEXT],
        type: ['VerifiablePresentation'],
        holder: holder.did,
        verifiableCredential: [credential],
      },
      keyId: holder.keyId,
      key: holder.key,
      ...options,
      documentLoader: signingDocumentLoader(t.deps),
      now: t.deps.now(),
    });
    const result = await verifyPresentation(t.deps, presentation, options);
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result).toMatchObject({ verified: true, holder: holder.did });
    expect(result.credentials).toEqual([
      expect.objectContaining({ verified: true, issuer: issuer.did, credential }),
    ]);
  });
});
