/**
 * The unsigned Open Badges 3.0 `OpenBadgeCredential` for one completed module (PURE: no I/O).
 *
 * EU Council Recommendation on micro-credentials (2022), Annex I, mapped to OBv3 (3.0.3) terms, and
 * to our own context (`lb:` = `https://id.loopbrug.nl/vocab#`, `schemas/contexts/microcredential-v2.json`)
 * only where OBv3 has none:
 *
 * | EU element                     | Where it is in the credential                                          |
 * |--------------------------------|------------------------------------------------------------------------|
 * | Identification of the learner  | `credentialSubject.identifier[]` (OB IdentityObject: name, hashed email)|
 * |                                | and `credentialSubject.id` (holder DID) when known                     |
 * | Title of the micro-credential  | `credentialSubject.achievement.name` (also the credential `name`)     |
 * | Country of the issuer          | `issuer.address.addressCountryCode` (+ `addressCountry`)               |
 * | Awarding body                  | `issuer` (OB Profile: did:web, `name`, `url`)                          |
 * | Date of issuing                | `validFrom` and OB `awardedDate`                                       |
 * | Learning outcomes              | `achievement.resultDescription[]` (one per leeruitkomst, `alignment`   |
 * |                                | to its competency URIs), achieved in `credentialSubject.result[]`,     |
 * |                                | listed in `achievement.criteria.narrative`                             |
 * | Notional workload              | `achievement.creditsAvailable` (EC, when the module has EC) and        |
 * |                                | `achievement.lb:studyLoadHours` (hours, always)                        |
 * | Level (EQF/NLQF)               | `achievement.lb:educationLevel`, `lb:eqfLevel`, `lb:nlqfLevel`, and an |
 * |                                | `alignment` to the Europass EQF level URI                              |
 * | Type of assessment             | `achievement.lb:assessmentType[]` (distinct methods), per outcome      |
 * |                                | `resultDescription[].lb:assessmentMethod`; sign-offs as `evidence[]`   |
 * | Form of participation          | `achievement.lb:participationForm[]` (the module's delivery modes)     |
 * | Type of quality assurance      | `issuer.lb:qualityAssurance`                                           |
 * | Stackability (optional)        | `achievement.lb:countsToward[]` (qualifications: id and name)          |
 * | Prerequisites (optional)       | `achievement.lb:prerequisites[]` (module versions and competencies the |
 * |                                | module requires: id and name)                                          |
 * | Supervision and identity       | `achievement.lb:assessmentSupervision`: always                         |
 * | verification during assessment | `supervised-onsite-with-identity-verification` (see below)             |
 * | (optional)                     |                                                                        |
 * | Further information (optional) | `achievement.lb:furtherInformation`: the published module version's URL |
 * | Competencies (supplementary)   | `achievement.alignment[]` (targetUrl = competency URI)                 |
 *
 * OBv3 has no term for the three optional elements Annex I lists last (an OB Achievement has no
 * prerequisites, no supervision and no link besides its `id`), so they are in our context (version 2).
 * Supervision: a module credential is built only from sign-offs, each made at the workplace by the
 * praktijkopleider assigned to the learner's route, who works with the learner: on site, supervised, by
 * someone who knows who they assess (Annex I's "supervised … onsite with identity verification").
 *
 * The employer whose praktijkopleider assessed goes in `credentialSubject.source`: in OB 3.0.3
 * `source` is a term of AchievementSubject, not of the credential ("the person, organization or
 * system that assessed the achievement on behalf of the issuer").
 *
 * Nothing in it depends on the issuing deployment's URL but the issuer's DID and the issuer's own
 * resource ids (module version, outcomes, employer, qualification): the context and the schema
 * (1EdTech's official OBv3 AchievementCredential schema) have stable URLs every deployment bundles.
 */
import { MICROCREDENTIAL_CONTEXT, OB_V3_CONTEXT, VC_V2_CONTEXT } from './contexts.js';
import { OB_ACHIEVEMENT_CREDENTIAL_SCHEMA } from './credential-schemas.js';

/** An OBv3 IdentityObject: how the learner is identified without necessarily revealing it. */
export interface IdentityObject {
  type: 'IdentityObject';
  identityType: 'name' | 'emailAddress' | 'studentId' | 'identifier' | string;
  hashed: boolean;
  identityHash: string;
  salt?: string;
}

/** The awarding body as our credentials name it: an instelling's did:web and its EU details. */
export interface CredentialIssuer {
  did: string;
  name: string;
  /** ISO 3166-1 alpha-2, e.g. `NL`. */
  country: string;
  qualityAssurance: string;
  url?: string;
}

export interface ModuleCredentialInput {
  /** `urn:uuid:…` */
  credentialId: string;
  issuer: CredentialIssuer;
  learner: {
    /** The holder's DID (did:key/did:jwk), when the learner has one. */
    id?: string;
    name: string;
    /** E.g. a salted sha256 of the learner's email (see `hashedEmailIdentity`). */
    identifier: IdentityObject;
  };
  moduleVersion: {
    /** The URL of the published module version: the Achievement's id. */
    id: string;
    code: string;
    version: number;
    title: string;
    description: string;
    studyLoad: { hours: number; ec?: number };
    level?: { name: string; nlqf: number; eqf: number };
    deliveryModes: string[];
    competencies: Array<{ uri: string; title: string; framework?: string; code?: string }>;
  };
  /** The URL of the module version's badge image (SVG): the achievement's OBv3 `image`. */
  image?: string;
  outcomes: Array<{
    id: string;
    title: string;
    description: string;
    competencies: string[];
    assessmentMethod: string;
  }>;
  signoffs: Array<{
    outcomeId: string;
    /** `YYYY-MM-DD` */
    date: string;
    result: string;
    assessorName: string;
    evidence?: { url?: string; description?: string };
  }>;
  employer?: { id: string; name: string };
  stackability?: Array<{ id: string; title: string }>;
  /** What the module requires before it: module versions and competencies, by id (URL) and name. */
  prerequisites?: Array<{ id: string; name: string }>;
  /** ISO date-time. */
  validFrom: string;
  validUntil?: string;
}

export type UnsignedCredential = Record<string, unknown> & {
  '@context': string[];
  id: string;
  type: string[];
  issuer: Record<string, unknown>;
  validFrom: string;
  credentialSubject: Record<string, unknown>;
};

/**
 * Annex I's supervision and identity verification during assessment, for a module credential: every one
 * is built from workplace sign-offs by the route's assigned praktijkopleider (see the file comment).
 */
const ASSESSMENT_SUPERVISION = 'supervised-onsite-with-identity-verification';

const EQF_LEVEL_URI = (level: number) => `http://data.europa.eu/snb/eqf/${level}`;

const outcomeRef = (achievementId: string, outcomeId: string) =>
  `${achievementId}#outcome-${encodeURIComponent(outcomeId)}`;

/**
 * Builds the unsigned module credential with every EU element. Throws if an outcome has no
 * sign-off or a sign-off names an outcome the module does not have.
 * @example const unsigned = buildModuleCredential(input); await signCredential(signer, unsigned);
 */
export function buildModuleCredential(input: ModuleCredentialInput): UnsignedCredential {
  const { issuer, learner, moduleVersion: mv, outcomes, signoffs } = input;
  const outcomeIds = new Set(outcomes.map((o) => o.id));
  for (const s of signoffs)
    if (!outcomeIds.has(s.outcomeId))
      throw new Error(`a sign-off names outcome '${s.outcomeId}' not in the module`);
  for (const o of outcomes)
    if (!signoffs.some((s) => s.outcomeId === o.id)) throw new Error(`outcome '${o.id}' has no sign-off`);

  const competencyTitles = new Map(mv.competencies.map((c) => [c.uri, c]));
  const alignmentOf = (uri: string) => {
    const c = competencyTitles.get(uri);
    return {
      type: ['Alignment'],
      targetUrl: uri,
      targetName: c?.title ?? uri,
      targetType: 'ceasn:Competency',
      ...(c?.framework ? { targetFramework: c.framework } : {}),
      ...(c?.code ? { targetCode: c.code } : {}),
    };
  };

  const levelAlignment = mv.level
    ? [
        {
          type: ['Alignment'],
          targetUrl: EQF_LEVEL_URI(mv.level.eqf),
          targetName: `EQF niveau ${mv.level.eqf}`,
          targetFramework: 'European Qualifications Framework',
          targetCode: String(mv.level.eqf),
          targetType: 'ext:EQFLevel',
        },
      ]
    : [];

  const assessmentTypes = [...new Set(outcomes.map((o) => o.assessmentMethod))];
  const lastSignoff = signoffs
    .map((s) => s.date)
    .sort()
    .at(-1);

  const achievement = {
    id: mv.id,
    type: ['Achievement'],
    achievementType: 'MicroCredential',
    name: mv.title,
    description: mv.description,
    humanCode: mv.code,
    ...(input.image ? { image: { id: input.image, type: 'Image', caption: mv.title } } : {}),
    version: String(mv.version),
    inLanguage: 'nl',
    criteria: {
      narrative: [
        'Alle leeruitkomsten zijn aangetoond en afgetekend:',
        ...outcomes.map((o) => `- ${o.title} (${o.assessmentMethod})`),
      ].join('\n'),
    },
    ...(mv.studyLoad.ec === undefined ? {} : { creditsAvailable: mv.studyLoad.ec }),
    studyLoadHours: mv.studyLoad.hours,
    ...(mv.level ? { educationLevel: mv.level.name, eqfLevel: mv.level.eqf, nlqfLevel: mv.level.nlqf } : {}),
    assessmentType: assessmentTypes,
    participationForm: mv.deliveryModes,
    alignment: [...mv.competencies.map((c) => alignmentOf(c.uri)), ...levelAlignment],
    resultDescription: outcomes.map((o) => ({
      id: outcomeRef(mv.id, o.id),
      type: ['ResultDescription'],
      name: o.title,
      resultType: 'Status',
      assessmentMethod: o.assessmentMethod,
      alignment: o.competencies.map(alignmentOf),
    })),
    ...(input.stackability && input.stackability.length > 0
      ? { countsToward: input.stackability.map((q) => ({ id: q.id, name: q.title })) }
      : {}),
    ...(input.prerequisites && input.prerequisites.length > 0
      ? { prerequisites: input.prerequisites.map((p) => ({ id: p.id, name: p.name })) }
      : {}),
    assessmentSupervision: ASSESSMENT_SUPERVISION,
    furtherInformation: mv.id,
  };

  const credentialSubject = {
    ...(learner.id ? { id: learner.id } : {}),
    type: ['AchievementSubject'],
    identifier: [
      { type: 'IdentityObject', identityType: 'name', hashed: false, identityHash: learner.name },
      learner.identifier,
    ],
    achievement,
    ...(mv.studyLoad.ec === undefined ? {} : { creditsEarned: mv.studyLoad.ec }),
    ...(lastSignoff ? { activityEndDate: `${lastSignoff}T00:00:00Z` } : {}),
    result: signoffs.map((s) => ({
      type: ['Result'],
      resultDescription: outcomeRef(mv.id, s.outcomeId),
      status: 'Completed',
      value: s.result,
    })),
    ...(input.employer
      ? { source: { id: input.employer.id, type: ['Profile'], name: input.employer.name } }
      : {}),
  };

  const outcomeTitle = new Map(outcomes.map((o) => [o.id, o.title]));
  const evidence = signoffs.map((s) => ({
    ...(s.evidence?.url ? { id: s.evidence.url } : {}),
    type: ['Evidence'],
    name: `Aftekening: ${outcomeTitle.get(s.outcomeId) ?? s.outcomeId}`,
    narrative: `Beoordeeld op ${s.date} door ${s.assessorName}: ${s.result}.`,
    ...(s.evidence?.description ? { description: s.evidence.description } : {}),
    genre: 'Praktijkbeoordeling',
    assessorName: s.assessorName,
    assessedOn: s.date,
    // No accommodations: they say something of the learner's health, which travels with every copy and
    // share of a credential. The examination record (the sign-off) keeps them.
  }));

  return {
    '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT, MICROCREDENTIAL_CONTEXT],
    id: input.credentialId,
    type: ['VerifiableCredential', 'OpenBadgeCredential'],
    name: mv.title,
    description: mv.description,
    issuer: {
      id: issuer.did,
      type: ['Profile'],
      name: issuer.name,
      ...(issuer.url ? { url: issuer.url } : {}),
      address: {
        type: ['Address'],
        addressCountryCode: issuer.country,
        addressCountry: countryName(issuer.country),
      },
      qualityAssurance: issuer.qualityAssurance,
    },
    validFrom: input.validFrom,
    ...(input.validUntil ? { validUntil: input.validUntil } : {}),
    awardedDate: input.validFrom,
    credentialSubject,
    evidence,
    credentialSchema: [{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, type: 'JsonSchema' }],
  };
}

const COUNTRY_NAMES: Record<string, string> = { NL: 'Nederland', BE: 'België', DE: 'Duitsland' };
const countryName = (code: string) => COUNTRY_NAMES[code.toUpperCase()] ?? code;
