import type { z } from '@hono/zod-openapi';
import type { RouteChangeFacts, RouteOperation } from '../../schemas/routes.js';

type Operation = z.infer<typeof RouteOperation>;

/**
 * The opleider's adjustments as the change log keeps them: module codes instead of ids, and nothing
 * of an exemption's evidence or a refusal's reason (the version's inputs hold those).
 * @example operationFacts([{ op: 'remove', moduleId: 'm2' }], () => 'ALO-ZW') // { kind: 'adjusted', operations: [{ op: 'remove', code: 'ALO-ZW' }] }
 */
export function operationFacts(operations: Operation[], codeOf: (id: string) => string): RouteChangeFacts {
  return {
    kind: 'adjusted',
    operations: operations.map((o) => {
      switch (o.op) {
        case 'set-hours':
          return { op: o.op, hoursPerWeek: o.hoursPerWeek };
        case 'move':
          return { op: o.op, code: codeOf(o.moduleId), position: o.position };
        case 'record-completion':
          return { op: o.op, code: codeOf(o.moduleId), completedOn: o.completedOn };
        case 'refuse-exemption':
          return o.moduleId === undefined
            ? { op: o.op, ...(o.competency ? { competency: o.competency } : {}) }
            : { op: o.op, code: codeOf(o.moduleId) };
        default:
          return { op: o.op, code: codeOf(o.moduleId) };
      }
    }),
  };
}

/**
 * The change in a short English sentence: the API's `change.summary` and the audit event's. Pages word
 * the facts in their reader's language instead.
 * @example summaryOf({ kind: 'paused', from: '2027-07-01', until: '2027-08-15' }) // 'paused from 2027-07-01 until 2027-08-15'
 */
export function summaryOf(facts: RouteChangeFacts): string {
  switch (facts.kind) {
    case 'composed':
      return 'composed';
    case 'adjusted':
      return facts.operations
        .map((o) => {
          if (o.op === 'set-hours') return `set hours per week to ${o.hoursPerWeek}`;
          if (o.op === 'move') return `move ${o.code} to ${o.position}`;
          if (o.op === 'record-completion') return `record ${o.code} completed on ${o.completedOn}`;
          if (o.op === 'refuse-exemption' && o.code === undefined)
            return `refuse exemption for ${o.competency}`;
          return `${o.op} ${o.code}`;
        })
        .join('; ');
    case 'module-completed':
      return `${facts.code} completed on ${facts.on}`;
    case 'completion-withdrawn':
      return `${facts.code} no longer completed (a sign-off was corrected)`;
    case 'paused':
      return `paused from ${facts.from} until ${facts.until}`;
    case 'resumed':
      return `resumed on ${facts.on}`;
    case 'pause-cancelled':
      return `cancelled the ${facts.planned ? 'planned ' : ''}pause from ${facts.from} until ${facts.until}`;
    case 'replanned': {
      const parts = [
        facts.role === undefined ? undefined : `new role ${facts.role}`,
        facts.qualification === undefined ? undefined : `qualification ${facts.qualification ?? 'none'}`,
        facts.hoursPerWeek === undefined ? undefined : `${facts.hoursPerWeek} hours a week`,
      ].filter(Boolean);
      return `replanned: ${parts.join(', ') || 'same target'}`;
    }
  }
}
