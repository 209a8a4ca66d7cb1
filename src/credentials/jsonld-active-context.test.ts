// jsonld-active-context.ts changes how jsonld.js copies active contexts, never what it computes: the
// canonical N-Quads of credentials of every kind we sign and verify are the same, to the byte, as those
// of jsonld.js as published, run in a process that never loads the change.
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import jsonldContext from 'jsonld/lib/context.js';
import { describe, expect, it } from 'vitest';
import { publicUrls } from '../kernel/urls.js';
import {
  BITSTRING_STATUS_CONTEXT,
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

describe('sharing term definitions between jsonld.js active contexts', () => {
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
    for (const nquads of ours) expect(nquads.split('\n').length).toBeGreaterThan(5);
    expect(ours).toEqual(published.nquads);
  }, 60_000);
});
