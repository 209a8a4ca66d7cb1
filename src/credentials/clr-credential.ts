/**
 * The unsigned CLR 2.0 `ClrCredential` for a qualification earned by stacking (PURE: no I/O).
 *
 * `credentialSubject` is a `ClrSubject` that embeds every constituent signed credential whole in
 * `verifiableCredential` (each keeps its own proof and still verifies on its own), names the
 * qualification as its `achievement`, and has one `Association` per constituent achievement:
 * `{ associationType: 'isPartOf', sourceId: <constituent achievement>, targetId: <qualification> }`.
 * Its `@context` is what 1EdTech's CLR 2.0 schema requires (VC v2, the CLR 2.0 context, the OB 3.0.3
 * context) and then ours for the level and quality-assurance terms; it names that official schema in
 * `credentialSchema`. The caller adds `credentialStatus` (its entry is drawn just before signing).
 */
import { CLR_V2_CONTEXT, MICROCREDENTIAL_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.js';
import { CLR_CREDENTIAL_SCHEMA } from './credential-schemas.js';
import type { CredentialIssuer, IdentityObject } from './module-credential.js';

type Json = Record<string, unknown>;

export interface ClrCredentialInput {
  /** `urn:uuid:…` */
  credentialId: string;
  issuer: CredentialIssuer;
  learner: { id?: string; name: string; identifier: IdentityObject };
  qualification: {
    /** The qualification's URL: the Achievement's id. */
    id: string;
    code: string;
    title: string;
    level: { name: string; nlqf: number; eqf: number };
    /** The stack rule in words, for `criteria.narrative`. */
    criteria: string[];
    competencies: Array<{ uri: string; title: string; framework?: string; code?: string }>;
    /** The URL of the qualification's badge image (SVG): the achievement's OBv3 `image`. */
    image?: string;
  };
  /** The signed constituent credentials, embedded as they are. */
  parts: Json[];
  /** The constituent achievements, each becoming an `isPartOf` association. */
  partAchievements: ReadonlyArray<{ achievementId: string }>;
  /** ISO date-time. */
  validFrom: string;
}

/**
 * Builds the unsigned ClrCredential.
 * @example const unsigned = buildClrCredential(input); await signCredential(signer, unsigned);
 */
export function buildClrCredential(input: ClrCredentialInput): Json {
  const q = input.qualification;
  const achievement = {
    id: q.id,
    type: ['Achievement'],
    achievementType: 'Diploma',
    name: q.title,
    description: `${q.title} (${q.level.name}), behaald door het stapelen van microcredentials.`,
    humanCode: q.code,
    ...(q.image ? { image: { id: q.image, type: 'Image', caption: q.title } } : {}),
    inLanguage: 'nl',
    criteria: { narrative: q.criteria.join('\n') },
    educationLevel: q.level.name,
    eqfLevel: q.level.eqf,
    nlqfLevel: q.level.nlqf,
    alignment: q.competencies.map((c) => ({
      type: ['Alignment'],
      targetUrl: c.uri,
      targetName: c.title,
      targetType: 'ceasn:Competency',
      ...(c.framework ? { targetFramework: c.framework } : {}),
      ...(c.code ? { targetCode: c.code } : {}),
    })),
  };
  const sources = [...new Set(input.partAchievements.map((a) => a.achievementId))];
  return {
    '@context': [VC_V2_CONTEXT, CLR_V2_CONTEXT, OB_V3_CONTEXT, MICROCREDENTIAL_CONTEXT],
    id: input.credentialId,
    type: ['VerifiableCredential', 'ClrCredential'],
    name: q.title,
    description: `Comprehensive Learner Record: ${q.title}, gestapeld uit ${input.parts.length} microcredentials.`,
    issuer: {
      id: input.issuer.did,
      type: ['Profile'],
      name: input.issuer.name,
      ...(input.issuer.url ? { url: input.issuer.url } : {}),
      address: { type: ['Address'], addressCountryCode: input.issuer.country },
      qualityAssurance: input.issuer.qualityAssurance,
    },
    validFrom: input.validFrom,
    awardedDate: input.validFrom,
    credentialSubject: {
      ...(input.learner.id ? { id: input.learner.id } : {}),
      type: ['ClrSubject'],
      identifier: [
        { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: input.learner.name },
        input.learner.identifier,
      ],
      achievement: [achievement],
      verifiableCredential: input.parts,
      association: sources.map((sourceId) => ({
        type: 'Association',
        associationType: 'isPartOf',
        sourceId,
        targetId: q.id,
      })),
    },
    credentialSchema: [{ id: CLR_CREDENTIAL_SCHEMA, type: 'JsonSchema' }],
  };
}
