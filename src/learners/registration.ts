import type { z } from '@hono/zod-openapi';
import type { Learner, LearnerCreate } from '../../schemas/learners.js';
import { learnerRules, registrationBy } from '../access/index.js';
import type { Principal } from '../auth/principal.js';
import { fail } from '../kernel/errors.js';
import type { WriteDeps } from '../kernel/ports.js';
import { learnerEvent } from './audit-trail.js';
import { type LearnerRow, toLearner } from './learner.js';

/** The subject a learner registers: their own, which they may leave out but not change. */
function ownSubject(principal: Principal, requested: string | undefined): string {
  if (requested !== undefined && requested !== principal.sub)
    throw fail.forbidden('A learner registers only themselves.', [
      { field: 'subject', message: 'must be your own subject or left out' },
    ]);
  return principal.sub;
}

/** The subject of a learner registered on intake, which the registrar names. */
function intakeSubject(requested: string | undefined): string {
  if (requested === undefined)
    throw fail.invalid('subject', "give the learner's subject when registering them on intake");
  return requested;
}

/**
 * Registers a learner: a learner registers themselves (the subject is their own `sub`); an opleider or
 * admin may register one on intake, naming the subject. Registering gives the registrar no access.
 * @example await registerLearner(deps, { sub: 'rianne', role: 'learner' }, { name: 'Rianne de Vries', email: 'rianne@example.nl' })
 */
export async function registerLearner(
  deps: WriteDeps,
  principal: Principal,
  input: z.infer<typeof LearnerCreate>,
): Promise<Learner> {
  const by = registrationBy(principal);
  if (by === undefined) throw fail.forbidden(learnerRules.register.denied(undefined));
  const subject = by === 'self' ? ownSubject(principal, input.subject) : intakeSubject(input.subject);
  const taken = await deps.db.kysely
    .selectFrom('learner')
    .select('id')
    .where('subject', '=', subject)
    .executeTakeFirst();
  if (taken) throw fail.conflict('A learner with this subject is already registered.');
  const now = deps.now().toISOString();
  const row: LearnerRow = {
    id: deps.newId(),
    subject,
    name: input.name,
    email: input.email,
    status: 'active',
    created_at: now,
    updated_at: now,
    erased_at: null,
    did: null,
  };
  await deps.db.atomically([
    deps.db.kysely.insertInto('learner').values(row),
    learnerEvent(deps, principal, 'registered', row.id, { by }),
  ]);
  return toLearner(row);
}
