import type { Context } from 'hono';
import { routePath } from 'hono/route';
import { type LearnerFacts, learnerAccess, type Rule } from '../access/index.js';
import type { AppEnv } from '../http/app-env.js';
import type { Guard } from '../http/guard.js';
import { ProblemError } from '../http/problem.js';
import { learnerEvent } from './audit-trail.js';
import { loadLearnerFacts } from './learner-facts.js';

/** What a successful call reads, when it is audited: the learner record, profile, evidence, or everything (the export). */
export type AuditedRead = 'learner' | 'profile' | 'evidence' | 'export';

const readAction = (read: AuditedRead) => (read === 'export' ? 'exported' : `${read}.read`);

/**
 * The access declaration of an operation on one learner's data (`/learners/{id}…`), with its audit:
 * like `guard(param('id', loadLearnerFacts), rule)`, and besides, a refused attempt is audited on the
 * learner (`learner.access-refused`, naming the operation), and when `read` is given, a successful
 * read by a grantee (`learner.profile.read`, `learner.evidence.read`, `learner.learner.read`) or any
 * export (`learner.exported`) is too, so the learner's export shows who looked at their data.
 * @example secured(learnerGuard(learnerRules.readProfile, 'profile'), { method: 'get', path: '/learners/{id}/profile', … })
 */
export function learnerGuard(rule: Rule<LearnerFacts>, read?: AuditedRead): Guard {
  return {
    who: rule.who,
    middleware: async (c, next) => {
      const deps = c.get('deps');
      const facts = await loadLearnerFacts(deps, c.req.param('id') ?? '');
      const principal = c.get('principal');
      if (!rule.allows(principal, facts)) {
        await deps.db.atomically([
          learnerEvent(deps, principal, 'access-refused', facts.id, { operation: operationOf(c) }),
        ]);
        throw new ProblemError(403, 'Forbidden', rule.denied(facts));
      }
      await next();
      const ok = c.res.status >= 200 && c.res.status < 300;
      if (ok && read && (read === 'export' || learnerAccess(principal, facts) === 'grantee'))
        await deps.db.atomically([learnerEvent(deps, principal, readAction(read), facts.id)]);
    },
  };
}

/** The operation as its route pattern names it (`GET /learners/:id/profile`): no ids. */
const operationOf = (c: Context<AppEnv>) => `${c.req.method} ${routePath(c, -1) || c.req.path}`;
