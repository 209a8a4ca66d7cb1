import { fail } from '../kernel/errors.js';

export type RouteStatus = 'draft' | 'agreed' | 'active' | 'paused' | 'completed';
export const PARTIES = ['opleider', 'praktijkopleider', 'learner'] as const;
export type Party = (typeof PARTIES)[number];

/**
 * The status after a change that needs approval again (an adjustment or a replan): an agreed route
 * goes back to draft; a running one keeps running while its new version awaits approval.
 * @example statusAfterChange('agreed') // 'draft'
 */
export function statusAfterChange(status: RouteStatus): RouteStatus {
  return status === 'agreed' ? 'draft' : status;
}

/**
 * The status once `approved` parties approved the current version: all three make a draft agreed,
 * or active when its start date has come.
 * @example statusAfterApproval('draft', ['opleider', 'praktijkopleider', 'learner'], '2027-03-01', '2027-02-01') // 'agreed'
 */
export function statusAfterApproval(
  status: RouteStatus,
  approved: readonly Party[],
  startDate: string,
  today: string,
): RouteStatus {
  if (status !== 'draft' || !PARTIES.every((p) => approved.includes(p))) return status;
  return today >= startDate ? 'active' : 'agreed';
}

/**
 * The status a reader sees: an agreed route is active from its start date on, without a write.
 * @example statusOn('agreed', '2027-03-01', '2027-03-02') // 'active'
 */
export function statusOn(status: RouteStatus, startDate: string, today: string): RouteStatus {
  return status === 'agreed' && today >= startDate ? 'active' : status;
}

/**
 * Refuses a change to a completed route: once every module is done, nothing is adjusted or replanned.
 * @example assertNotCompleted('completed') // throws a conflict
 */
export function assertNotCompleted(status: RouteStatus): void {
  if (status === 'completed') throw fail.conflict('The route is completed.');
}
