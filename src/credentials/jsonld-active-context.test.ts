// jsonld-active-context.ts changes how jsonld.js copies, resolves and caches contexts, never what it
// computes: the canonical N-Quads of credentials of every kind we sign and verify are the same, to the
// byte, as those of jsonld.js as published, run in a process that never loads the changes.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ContextResolver from 'jsonld/lib/ContextResolver.js';
import jsonldContext from 'jsonld/lib/context.js';
import ResolvedContext from 'jsonld/lib/ResolvedContext.js';
import { describe, expect, it } from 'vitest';
import { publicUrls } from '../kernel/urls.js';
import {
  BITSTRING_STATUS_CONTEXT,
  BUNDLED_CONTEXTS,
  ED25519_2020_CONTEXT,
  OB_EXTENSIONS_CONTEXT,
  OB_V3_EARLIER_CONTEXTS,
  VC_V1_CONTEXT,
  VC_V2_CONTEXT,
} from './contexts.js';
import { createDocumentLoader } from './document-loader.js';
import { sampleInput } from './fixtures.test-support.js';
import { buildModuleCredential } from './module-credential.js';
import { buildStatusListCredential } from './status-list-credential.js';
import { canonize, generateEd25519Key, signDataIntegrity } from './vc-library.js';

const PUBLIC_URL = 'https://loopbrug.example';
const urls = publicUrls(PUBLIC_URL);
const documentLoader = createDocumentLoader({ urls });

/** Documents of every kind we canonicalise: ours signed and unsigned, in a presentation, the ecosystem's. */
async function corpus(): Promise<object[]> {
  const unsigned = buildModuleCredential(sampleInput({ urls }, 'han'));
  const did = urls.issuerDid('han');
  const key = await generateEd25519Key();
  const signed = await signDataIntegrity({
    credential: unsigned,
    keyId: `${did}#${key.publicKeyMultibase}`,
    key,
    documentLoader,
    now: new Date('2026-11-22T09:00:00Z'),
  });
  const presentation = {
    '@context': [VC_V2_CONTEXT],
    type: ['VerifiablePresentation'],
    holder: 'did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK',
    verifiableCredential: [signed],
  };
  // An Open Badge as the DCC issues one: VC 1.1, an earlier OB context, an Ed25519Signature2020 proof.
  const ecosystem = {
    '@context': [VC_V1_CONTEXT, OB_V3_EARLIER_CONTEXTS[1], OB_EXTENSIONS_CONTEXT, ED25519_2020_CONTEXT],
    id: 'urn:uuid:5d1b3f0e-8f6a-4c55-9c3b-2f7a6f0d9e11',
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    issuer: { id: 'did:web:issuer.example', type: ['Profile'], name: 'Example University' },
    issuanceDate: '2026-01-01T00:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      achievement: {
        id: 'https://issuer.example/achievements/1',
        type: ['Achievement'],
        name: 'Wound care',
        criteria: { narrative: 'Cares for wounds.' },
        alignment: [{ type: ['Alignment'], targetName: 'Care', targetUrl: 'https://issuer.example/c' }],
      },
    },
    proof: {
      type: 'Ed25519Signature2020',
      created: '2026-01-01T00:00:00Z',
      verificationMethod: 'did:web:issuer.example#key-1',
      proofPurpose: 'assertionMethod',
      proofValue: 'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKM3jcdHxYEtnGzasnS',
    },
  };
  const statusList = {
    ...buildStatusListCredential({
      url: `${PUBLIC_URL}/status-lists/1`,
      issuer: did,
      purpose: 'message',
      encodedList: 'uH4sIAAAAAAAAA-3BMQEAAADCoPVPbQwfoAAAAAAAAAAAAAAAAAAAAIC3AYbSVKsAQAAA',
      validFrom: '2026-11-22T09:00:00Z',
    }),
    '@context': [VC_V2_CONTEXT, BITSTRING_STATUS_CONTEXT],
  };
  return [unsigned, signed, presentation, ecosystem, statusList];
}

describe('sharing active contexts in jsonld.js', () => {
  it('canonicalises every kind of credential to the same N-Quads as jsonld.js as published', async () => {
    const documents = await corpus();
    const file = join(mkdtempSync(join(tmpdir(), 'loopbrug-canon-')), 'documents.json');
    writeFileSync(file, JSON.stringify(documents));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', join(import.meta.dirname, 'pristine-canonize.test-support.ts'), PUBLIC_URL, file],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const published = JSON.parse(stdout) as { copiedBy: string; nquads: string[] };
    const ours = await Promise.all(documents.map((document) => canonize(document as never, documentLoader)));

    // Both sides ran what they claim: the library's deep copy there, the shared definitions here.
    expect(published.copiedBy).toBe('_cloneActiveContext');
    const initial = jsonldContext.getInitialContext({ processingMode: undefined }) as {
      clone: () => unknown;
    };
    expect(initial.clone.name).toBe('childOf');
    const resolver = ContextResolver.prototype as { resolve: { name: string } };
    expect(resolver.resolve.name).toBe('resolveKeepingFrozen');
    const processed = ResolvedContext.prototype as { getProcessed: { name: string } };
    expect(processed.getProcessed.name).toBe('getProcessedByEntry');
    for (const nquads of ours) expect(nquads.split('\n').length).toBeGreaterThan(5);
    expect(ours).toEqual(published.nquads);
    // Again, now that every context is resolved and processed already: the kept ones give the same.
    const again = await Promise.all(documents.map((document) => canonize(document as never, documentLoader)));
    expect(again).toEqual(published.nquads);
  }, 60_000);

  it('keeps resolutions only of contexts that cannot change: the bundled ones, frozen, with no URL for jsonld.js to rewrite', async () => {
    // jsonld.js writes absolute URLs into a fetched context in place; a frozen one must have none to write.
    const named: string[] = [];
    const walk = (value: unknown, where: string): void => {
      if (Array.isArray(value)) for (const [i, v] of value.entries()) walk(v, `${where}[${i}]`);
      else if (typeof value === 'object' && value !== null)
        for (const [key, inner] of Object.entries(value)) {
          const urls = key === '@context' && [inner].flat().some((c) => typeof c === 'string');
          if (urls) named.push(`${where}.@context`);
          walk(inner, `${where}.${key}`);
        }
    };
    for (const [url, context] of BUNDLED_CONTEXTS) {
      expect(Object.isFrozen(context), url).toBe(true);
      walk(context, url);
    }
    expect(named).toEqual([]);

    // A context a loader answers with is kept only when frozen: one that is not, changed between two
    // canonicalisations, is resolved and processed again, and the N-Quads change with it.
    const changing: Record<string, unknown> = { colour: 'https://one.example/#colour' };
    const url = 'https://contexts.example/changing';
    const loader = async (u: string) =>
      u === url
        ? { contextUrl: null, documentUrl: u, document: { '@context': changing } }
        : documentLoader(u);
    const document = {
      '@context': [VC_V2_CONTEXT, url],
      type: ['VerifiableCredential'],
      issuer: 'did:web:issuer.example',
      credentialSubject: { colour: 'blue' },
    };
    const before = await canonize(document as never, loader);
    changing.colour = 'https://two.example/#colour';
    const after = await canonize(document as never, loader);
    expect(before).toContain('<https://one.example/#colour>');
    expect(after).toContain('<https://two.example/#colour>');
  });

  it('processes a scoped context again for each context it is entered from', async () => {
    // `q` is entered from inside `p` and from inside `r`, each of which scopes its own `x`: what `q`
    // was processed into inside `p` must not answer inside `r`.
    const document = {
      '@context': {
        '@version': 1.1,
        p: { '@id': 'https://ex.example/p', '@context': { x: 'https://ex.example/x-of-p' } },
        r: { '@id': 'https://ex.example/r', '@context': { x: 'https://ex.example/x-of-r' } },
        q: { '@id': 'https://ex.example/q', '@context': { y: 'https://ex.example/y' } },
      },
      '@id': 'https://ex.example/thing',
      p: { q: { x: 'one' } },
      r: { q: { x: 'two' } },
    };
    const nquads = await canonize(document as never, documentLoader);
    expect(nquads).toMatch(/<https:\/\/ex\.example\/x-of-p> "one"/);
    expect(nquads).toMatch(/<https:\/\/ex\.example\/x-of-r> "two"/);
  });

  it('keeps the terms a context protects to the contexts that define them', async () => {
    // A context that protects `name`, then a document that starts over from the initial context (`null`):
    // starting over is refused only where protected terms are in scope, and none are in the initial
    // context, from which the first one was processed too.
    const protecting = {
      '@context': { '@version': 1.1, '@protected': true, name: 'https://ex.example/name-one' },
      '@id': 'https://ex.example/one',
      name: 'one',
    };
    const startingOver = {
      '@context': [null, { name: 'https://ex.example/name-two' }],
      '@id': 'https://ex.example/two',
      name: 'two',
    };
    expect(await canonize(protecting as never, documentLoader)).toContain(
      '<https://ex.example/name-one> "one"',
    );
    expect(await canonize(startingOver as never, documentLoader)).toContain(
      '<https://ex.example/name-two> "two"',
    );
  });
});
