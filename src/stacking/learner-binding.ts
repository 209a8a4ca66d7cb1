import { asList, asObject, hashedEmailIdentity, type JsonObject } from '../credentials/index.js';
import { issuedToLearner } from '../issuance/index.js';
import type { Deps } from '../kernel/ports.js';

const proofValues = (credential: JsonObject) =>
  asList(credential.proof)
    .map((p) => asObject(p)?.proofValue)
    .filter((v): v is string => typeof v === 'string')
    .sort()
    .join(' ');

/**
 * Whether a credential is about this learner, and how we know:
 * - `wallet`: this service issued it to the learner (a credential of theirs with the same id and the
 *   same proof), or
 * - `holder`: every subject's `id` is the DID the learner proved to hold (holder binding), or
 * - `identifier`: a subject `identifier` is the learner's email, an OBv3 emailAddress IdentityObject,
 *   hashed (`sha256$` of email + salt, which we recompute) or in the clear.
 * A subject `name` alone never binds: names are not unique.
 * @example await learnerBinding(deps, { id: learnerId, email: 'kees@example.nl', did: null }, vc) // 'identifier'
 */
export async function learnerBinding(
  deps: Pick<Deps, 'db'>,
  learner: { id: string; email: string | null; did: string | null },
  credential: JsonObject,
): Promise<'wallet' | 'holder' | 'identifier' | undefined> {
  if (typeof credential.id === 'string') {
    const issued = await issuedToLearner(deps, learner.id, credential.id);
    if (issued && proofValues(issued) === proofValues(credential)) return 'wallet';
  }
  const subjects = asList(credential.credentialSubject).map((s) => asObject(s)?.id);
  if (learner.did !== null && subjects.length > 0 && subjects.every((id) => id === learner.did))
    return 'holder';
  const email = learner.email?.trim().toLowerCase();
  if (!email) return undefined;
  for (const subject of asList(credential.credentialSubject))
    for (const entry of asList(asObject(subject)?.identifier)) {
      const identity = asObject(entry);
      if (identity?.identityType !== 'emailAddress' || typeof identity.identityHash !== 'string') continue;
      if (identity.hashed === true) {
        const salt = typeof identity.salt === 'string' ? identity.salt : '';
        if (hashedEmailIdentity(email, salt).identityHash === identity.identityHash) return 'identifier';
      } else if (identity.identityHash.trim().toLowerCase() === email) return 'identifier';
    }
  return undefined;
}
