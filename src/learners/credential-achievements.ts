import { EDUCATION_LEVELS, type EducationLevel } from '../../schemas/common.js';
import { asList, asObject, type JsonObject } from '../credentials/index.js';

/** An achievement a credential attests, as planning and stacking read it. */
export interface CredentialAchievement {
  /** The Achievement's id, e.g. the URL of a module version. */
  id: string;
  name: string | undefined;
  /** The competency URIs of its `alignment`. */
  competencies: string[];
  /** The education level it certifies (`educationLevel`), when it names one we know. */
  level: EducationLevel | undefined;
}

/**
 * Whether a value names one of our education levels.
 * @example isEducationLevel('mbo-2') // true
 */
export const isEducationLevel = (value: unknown): value is EducationLevel =>
  typeof value === 'string' && Object.hasOwn(EDUCATION_LEVELS, value);

/**
 * The achievements a credential's subjects attest: an OBv3 subject's `achievement`, or each of a
 * ClrSubject's `achievement` list (its qualification). Achievements without an id are left out.
 * @example achievementsIn(moduleCredential) // [{ id: '…/modules/m1/versions/1', name: 'Observeren', competencies: [...], level: undefined }]
 */
export function achievementsIn(credential: JsonObject): CredentialAchievement[] {
  return asList(credential.credentialSubject).flatMap((subject) =>
    asList(asObject(subject)?.achievement).flatMap((value) => {
      const achievement = asObject(value);
      if (typeof achievement?.id !== 'string') return [];
      return [
        {
          id: achievement.id,
          name: typeof achievement.name === 'string' ? achievement.name : undefined,
          competencies: asList(achievement.alignment)
            .map((a) => asObject(a)?.targetUrl)
            .filter((url): url is string => typeof url === 'string'),
          level: isEducationLevel(achievement.educationLevel) ? achievement.educationLevel : undefined,
        },
      ];
    }),
  );
}

/**
 * The credentials a ClrCredential embeds (`credentialSubject.verifiableCredential`); none for any other.
 * @example embeddedCredentials(award).length // 3
 */
export function embeddedCredentials(credential: JsonObject): JsonObject[] {
  if (!asList(credential.type).includes('ClrCredential')) return [];
  return asList(credential.credentialSubject)
    .flatMap((subject) => asList(asObject(subject)?.verifiableCredential).map(asObject))
    .filter((part): part is JsonObject => part !== undefined);
}
