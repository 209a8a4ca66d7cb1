import { type DomainError, fail } from '../kernel/errors.js';
import type { RouteInputs } from './route-inputs.js';

/** What is stored; a reader also sees 'ended' (statusOn), which is never stored. */
export type StoredStatus = 'draft' | 'agreed' | 'active' | 'paused' | 'completed';
export type RouteStatus = StoredStatus | 'ended';
export const PARTIES = ['opleider', 'praktijkopleider', 'learner'] as const;
export type Party = (typeof PARTIES)[number];

/**
 * The status to store after a change that needs approval again (an adjustment or a replan), from the
 * status the route reads on `today` (statusOn): an agreed route that has not started goes back to
 * draft; a running one (also one agreed whose start date has come, or one inside a pause) keeps
 * running while its new version awaits approval.
 * @example statusAfterChange('agreed', { startDate: '2027-03-01', pauses: [] }, '2027-02-01') // 'draft'
 * @example statusAfterChange('agreed', { startDate: '2027-03-01', pauses: [] }, '2027-03-02') // 'active'
 */
export function statusAfterChange(status: StoredStatus, dates: RouteDates, today: string): StoredStatus {
  const now = statusOn(status, dates, today);
  if (now === 'agreed') return 'draft';
  return now === 'active' || now === 'paused' ? 'active' : status;
}

/**
 * The status once `approved` parties approved the current version: all three make a draft agreed,
 * or active when its start date has come.
 * @example statusAfterApproval('draft', ['opleider', 'praktijkopleider', 'learner'], '2027-03-01', '2027-02-01') // 'agreed'
 */
export function statusAfterApproval(
  status: StoredStatus,
  approved: readonly Party[],
  startDate: string,
  today: string,
): StoredStatus {
  if (status !== 'draft' || !PARTIES.every((p) => approved.includes(p))) return status;
  return today >= startDate ? 'active' : 'agreed';
}

/**
 * What a route's status depends on besides what is stored: its start date and its pauses, and whether
 * its learner erased themselves (their routes end with their data).
 */
export type RouteDates = Pick<RouteInputs, 'startDate' | 'pauses'> & { learnerErased?: boolean };

/**
 * The pause `day` falls in, if any: a pause is half-open, [from, until), so study resumes on `until`.
 * @example pauseOn([{ from: '2027-07-01', until: '2027-08-15' }], '2027-08-15') // undefined
 */
export function pauseOn<P extends { from: string; until: string }>(
  pauses: readonly P[],
  day: string,
): P | undefined {
  return pauses.find((p) => p.from <= day && day < p.until);
}

/**
 * The status a reader sees on `today`, derived from the stored status and the route's dates without
 * a write: an agreed route is active from its start date on, and an agreed or running route is paused
 * while today falls inside one of its pauses, [from, until). A pause planned for later changes nothing
 * before its `from`, and on its `until` the route reads as it otherwise would again. A draft or a
 * completed route reads as stored. (A stored 'paused', written before pauses were read from the dates,
 * reads like 'agreed'.) A route whose learner erased themselves has ended, whatever was stored.
 * @example statusOn('agreed', { startDate: '2027-03-01', pauses: [] }, '2027-03-02') // 'active'
 * @example statusOn('active', { startDate: '2027-03-01', pauses: [{ from: '2027-07-01', until: '2027-08-15' }] }, '2027-07-01') // 'paused'
 */
export function statusOn(status: StoredStatus, dates: RouteDates, today: string): RouteStatus {
  if (dates.learnerErased) return 'ended';
  if (status === 'draft' || status === 'completed') return status;
  if (pauseOn(dates.pauses, today)) return 'paused';
  return status === 'active' || today >= dates.startDate ? 'active' : 'agreed';
}

/**
 * The status to store when a route's pauses change: none, as a pause is read from the dates
 * (statusOn); a 'paused' stored before that is stored as what it reads like outside a pause.
 * @example statusToStore('paused', '2027-03-01', '2027-02-01') // 'agreed'
 */
export function statusToStore(status: StoredStatus, startDate: string, today: string): StoredStatus {
  if (status !== 'paused') return status;
  return today >= startDate ? 'active' : 'agreed';
}

/**
 * Refuses a change to a completed route: once every module is done, nothing is adjusted or replanned.
 * @example assertNotCompleted('completed') // throws a conflict
 */
export function assertNotCompleted(status: RouteStatus): void {
  if (status === 'completed') throw fail.conflict('The route is completed.');
}

/**
 * Why no change may be made to a route that has ended (a conflict): its learner erased themselves, so
 * nobody is left to agree, learn or be signed off. Its record stays, pseudonymised, for what was issued.
 * @example endedRefusal({ learnerErased: true }) // a conflict error
 */
export function endedRefusal(route: { learnerErased: boolean }): DomainError | undefined {
  return route.learnerErased
    ? fail.conflict(
        'The route has ended: its learner erased their data, so nothing more is approved, signed off or changed on it.',
      )
    : undefined;
}
