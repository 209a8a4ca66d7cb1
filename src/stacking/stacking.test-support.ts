import { expect } from 'vitest';
import type { startScenarioApp } from '../../tests/support/scenario-app.js';
import { opleider } from '../../tests/support/test-app.js';
import { sampleInput } from '../credentials/fixtures.test-support.js';
import {
  buildModuleCredential,
  generateEd25519Key,
  hashedEmailIdentity,
  type JsonObject,
  type MultikeyPair,
  OB_V3_CONTEXT,
  signDataIntegrity,
  VC_V2_CONTEXT,
} from '../credentials/index.js';
import { signingDocumentLoader } from '../issuance/index.js';

type ScenarioApp = Awaited<ReturnType<typeof startScenarioApp>>;

const base = 'http://localhost:8787';
/** A competency of the tweedegraads Nederlands beroepsprofiel. */
export const NL = (name: string) => `https://id.loopbrug.nl/bp/leraar-nederlands/${name}`;

/**
 * The tweedegraads Nederlands modules of NCOI and HAN, with the competencies their outcomes cover:
 * together they meet the stack rule of HAN's NED-2G.
 */
export const MODULES: Record<string, string[]> = {
  'ncoi/NCOI-NL01': [NL('taalvaardigheid')],
  'ncoi/NCOI-NL02': [NL('taalkunde')],
  'ncoi/NCOI-NL03': [NL('letterkunde'), NL('vakdidactiek-literatuur')],
  'ncoi/NCOI-NL04': [NL('vakdidactiek-taalvaardigheid'), NL('toetsing')],
  'han/NED-PK': [NL('pedagogiek'), NL('klassenmanagement')],
};

/**
 * A module credential (`institution/code` of MODULES) for the learner with this email, signed by the
 * module's instelling through POST /credentials/issue.
 * @example await moduleCredential(s, 'han/NED-PK', 'krista@example.nl')
 */
export async function moduleCredential(
  s: ScenarioApp,
  key: string,
  email: string,
  holder?: string,
): Promise<JsonObject> {
  const [institution = '', code = ''] = key.split('/');
  const competencies = MODULES[key] ?? [];
  const input = sampleInput(s.t.deps, institution);
  const moduleId = s.moduleId(key);
  const credential = buildModuleCredential({
    ...input,
    learner: {
      ...(holder ? { id: holder } : {}),
      name: 'Krista de Boer',
      identifier: hashedEmailIdentity(email, crypto.randomUUID()),
    },
    moduleVersion: {
      ...input.moduleVersion,
      id: `${base}/modules/${moduleId}/versions/1`,
      code,
      title: code,
      competencies: competencies.map((uri) => ({ uri, title: uri.split('/').at(-1) ?? uri })),
    },
    outcomes: [
      { id: 'lo-1', title: code, description: code, competencies, assessmentMethod: 'praktijktoets' },
    ],
    stackability: [],
  });
  const res = await s.t.call('POST', '/credentials/issue', {
    as: opleider(institution),
    body: { credential },
  });
  expect(res.status, res.text).toBe(201);
  return res.body.verifiableCredential;
}

/**
 * A new learner `sub` (email `sub@example.nl`) who granted NCOI and HAN access, with module credentials
 * (keys of MODULES) issued to that email.
 * @example const { id, email, parts } = await learnerWithModules(s, 'leerling-1', Object.keys(MODULES))
 */
export async function learnerWithModules(s: ScenarioApp, sub: string, keys: string[]) {
  const email = `${sub}@example.nl`;
  const learner = await s.enrol(sub, `Leerling ${sub}`, {
    grants: [
      { kind: 'institution', id: 'ncoi' },
      { kind: 'institution', id: 'han' },
    ],
  });
  const parts = [];
  for (const key of keys) parts.push(await moduleCredential(s, key, email));
  return { id: learner.id, email, parts };
}

/** An issuer outside this service, as it holds itself: its DID, the key it signs with, its name. */
export interface ExternalIssuer {
  did: string;
  keyId: string;
  key: MultikeyPair;
  name: string;
}

/**
 * An issuer outside this service with a did:key made here: the DID is the public key, the key id
 * `did:key:<pk>#<pk>`, so it resolves without any document.
 * @example const academie = await didKeyIssuer('Pedagogische Academie Oost')
 */
export async function didKeyIssuer(name: string): Promise<ExternalIssuer> {
  const key = await generateEd25519Key();
  const did = `did:key:${key.publicKeyMultibase}`;
  return { did, keyId: `${did}#${key.publicKeyMultibase}`, key, name };
}

/**
 * An Open Badges 3.0 OpenBadgeCredential signed by an issuer outside this service, about the learner
 * with this email (a hashed emailAddress identifier, with a fresh salt) and aligned to these
 * competencies: the shape another instelling's microcredential has. No credentialSchema and no
 * credentialStatus: an outside issuer's schemas and status lists are not ours to check.
 * @example await externalCredential(s, academie, 'kees@example.nl', [NL('pedagogiek')])
 */
export async function externalCredential(
  s: ScenarioApp,
  issuer: ExternalIssuer,
  email: string,
  competencies: string[],
): Promise<JsonObject> {
  const credential: JsonObject = {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT],
    id: `urn:uuid:${crypto.randomUUID()}`,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: 'Pedagogiek en klassenmanagement',
    issuer: { id: issuer.did, type: ['Profile'], name: issuer.name },
    validFrom: '2026-10-01T00:00:00Z',
    credentialSubject: {
      type: ['AchievementSubject'],
      identifier: [hashedEmailIdentity(email, crypto.randomUUID())],
      achievement: {
        id: `https://academie.example/achievements/${crypto.randomUUID()}`,
        type: ['Achievement'],
        name: 'Pedagogiek en klassenmanagement',
        description: 'Leidt een klas en begeleidt leerlingen pedagogisch.',
        criteria: { narrative: 'Praktijkopdracht in de eigen klas, beoordeeld door twee assessoren.' },
        alignment: competencies.map((uri) => ({
          type: ['Alignment'],
          targetName: uri.split('/').at(-1) ?? uri,
          targetUrl: uri,
        })),
      },
    },
  };
  return signDataIntegrity({
    credential,
    keyId: issuer.keyId,
    key: issuer.key,
    documentLoader: signingDocumentLoader(s.t.deps),
    now: s.t.deps.now(),
  });
}

/**
 * An issuer outside this service with a did:web, signing with a new key `did#fragment`: call it again
 * with another fragment for the key it rotates to.
 * @example const academie = await didWebIssuer('did:web:academie.example', 'Academie', 'key-1')
 */
export async function didWebIssuer(did: string, name: string, fragment = 'key-1'): Promise<ExternalIssuer> {
  return { did, keyId: `${did}#${fragment}`, key: await generateEd25519Key(), name };
}

/**
 * A DID document as an issuer would publish it at its did:web, listing these keys (of one DID) as
 * Multikey verification and assertion methods.
 * @example didDocumentOf(academie, rotated) // { id, verificationMethod: [2 keys], assertionMethod: [2 ids] }
 */
export function didDocumentOf(...keys: ExternalIssuer[]) {
  return {
    '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
    id: keys[0]?.did ?? '',
    verificationMethod: keys.map((k) => ({
      id: k.keyId,
      type: 'Multikey',
      controller: k.did,
      publicKeyMultibase: k.key.publicKeyMultibase,
    })),
    assertionMethod: keys.map((k) => k.keyId),
  };
}
