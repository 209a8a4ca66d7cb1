import type { JsonObject } from '../credentials/index.js';
import { achievementsIn } from '../learners/index.js';
import type { HeldAchievement } from './stack-rule.js';

/**
 * The achievements a (verified) credential attests (see achievementsIn): each with its id, the
 * competency URIs of its `alignment`, and our module id when it is a version of one of ours.
 * @example achievementsOf(vc, 'http://localhost:8787') // [{ credentialId, achievementId, moduleId, competencies }]
 */
export function achievementsOf(credential: JsonObject, publicUrl: string): HeldAchievement[] {
  const credentialId = typeof credential.id === 'string' ? credential.id : '';
  const modulePrefix = `${publicUrl.replace(/\/$/, '')}/modules/`;
  return achievementsIn(credential).map(({ id: achievementId, competencies }) => {
    const match = achievementId.startsWith(modulePrefix)
      ? /^([^/]+)\/versions\/\d+$/.exec(achievementId.slice(modulePrefix.length))
      : null;
    return {
      credentialId,
      achievementId,
      ...(match?.[1] ? { moduleId: decodeURIComponent(match[1]) } : {}),
      competencies,
    };
  });
}
