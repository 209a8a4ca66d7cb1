import { asList, type JsonObject } from '../credentials/index.js';
import { achievementsIn } from '../learners/index.js';

/** The presentation formats asked for, each one credential query of the DCQL query. */
export const VP_FORMATS = ['ldp_vc', 'jwt_vc_json'] as const;
export type VpFormat = (typeof VP_FORMATS)[number];

/**
 * The id of the credential query for a format.
 * @example queryIdOf('ldp_vc') // 'open_badge_ldp_vc'
 */
export const queryIdOf = (format: VpFormat) => `open_badge_${format}`;

const W3C = 'https://www.w3.org/2018/credentials#VerifiableCredential';
const OB = 'https://purl.imsglobal.org/spec/vc/ob/vocab.html#';
const CLR = 'https://purl.imsglobal.org/spec/vc/clr/vocab.html#';

/** The credential types an Open Badges credential of ours is: a module's, or an award (which embeds them). */
const ACCEPTED_TYPES = ['OpenBadgeCredential', 'AchievementCredential', 'ClrCredential'];

/**
 * The DCQL query (OpenID4VP 1.0 §6) of a request: Open Badges 3.0 credentials (an OpenBadgeCredential or
 * AchievementCredential, or a CLR ClrCredential that embeds them), any number of them, bound to the
 * holder, as Data Integrity (`ldp_vc`) or VC-JWT (`jwt_vc_json`) credentials: one credential query per
 * format, either of which answers (one credential set). Types are the fully expanded IRIs OpenID4VP asks
 * for W3C credentials. With `competencies`, only credentials whose achievement is aligned to one of them
 * (a module credential's alignment, or an award's qualification's).
 * @example dcqlQuery(['https://id.loopbrug.nl/kd/verzorgende-ig/b1-k1-w2']).credentials.length // 2
 */
export function dcqlQuery(competencies: readonly string[] = []): {
  credentials: JsonObject[];
  credential_sets: JsonObject[];
} {
  const typeValues = [
    [W3C, `${OB}OpenBadgeCredential`],
    [W3C, `${OB}AchievementCredential`],
    [W3C, `${CLR}ClrCredential`],
  ];
  const aligned =
    competencies.length === 0
      ? {}
      : {
          claims: [
            {
              id: 'module',
              path: ['credentialSubject', 'achievement', 'alignment', null, 'targetUrl'],
              values: [...competencies],
            },
            {
              id: 'award',
              path: ['credentialSubject', 'achievement', null, 'alignment', null, 'targetUrl'],
              values: [...competencies],
            },
          ],
          claim_sets: [['module'], ['award']],
        };
  return {
    credentials: VP_FORMATS.map((format) => ({
      id: queryIdOf(format),
      format,
      multiple: true,
      require_cryptographic_holder_binding: true,
      meta: { type_values: typeValues },
      ...aligned,
    })),
    credential_sets: [{ options: VP_FORMATS.map((format) => [queryIdOf(format)]), required: true }],
  };
}

/**
 * Why a credential does not answer the query, or undefined when it does: it must be one of the Open
 * Badges types asked for and, when competencies were asked for, aligned to one of them.
 * @example unmatched(moduleCredential, []) // undefined
 */
export function unmatched(credential: JsonObject, competencies: readonly string[]): string | undefined {
  const types = asList(credential.type);
  if (!ACCEPTED_TYPES.some((type) => types.includes(type)))
    return `is a ${types.map(String).join(', ')}, not an Open Badges credential the query asked for`;
  if (competencies.length === 0) return undefined;
  const held = achievementsIn(credential).flatMap((a) => a.competencies);
  return competencies.some((c) => held.includes(c))
    ? undefined
    : 'is aligned to none of the competencies asked for';
}
