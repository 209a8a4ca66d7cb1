import { fromDay, nextMonthlyDay, toDay } from './dates.js';
import { PlannerInputError } from './errors.js';
import type { Pause, StartPattern } from './types.js';

export interface ScheduleRequest {
  moduleId: string;
  studyLoadHours: number;
  startPattern: StartPattern;
}

export type ScheduledModule =
  | {
      moduleId: string;
      scheduled: true;
      start: string;
      /** Exclusive. */
      end: string;
      weeks: number;
      /** Pauses the module ran into; each one extended it by its full length. */
      pauses: Pause[];
    }
  | { moduleId: string; scheduled: false };

export interface ScheduleOptions {
  /** Earliest start of the first module (max of startDate and today). */
  from: string;
  hoursPerWeek: number;
  pauses: readonly Pause[];
}

/** Half-open range of day numbers (see dates.ts). */
export interface DayRange {
  from: number;
  until: number;
}

/**
 * Weeks a module takes at the learner's pace; a zero-hour module takes no time.
 *
 * @example weeksFor(30, 8) // 4
 */
export function weeksFor(studyLoadHours: number, hoursPerWeek: number): number {
  assertHoursPerWeek(hoursPerWeek);
  return Math.ceil(studyLoadHours / hoursPerWeek);
}

/** Refuses weekly hours that cannot schedule anything. */
export function assertHoursPerWeek(hoursPerWeek: number): void {
  if (!Number.isFinite(hoursPerWeek) || hoursPerWeek <= 0) {
    throw new PlannerInputError('hoursPerWeek must be a finite number > 0');
  }
}

/**
 * Sorts and merges pauses into disjoint day ranges; empty pauses vanish, reversed ones are invalid.
 *
 * @example normalizePauses([{ from: '2026-03-01', until: '2026-04-01' }, { from: '2026-03-15', until: '2026-05-01' }])
 * // one range 2026-03-01 .. 2026-05-01
 */
export function normalizePauses(pauses: readonly Pause[]): DayRange[] {
  const ranges = pauses
    .map((p) => {
      const range = { from: toDay(p.from, 'pause.from'), until: toDay(p.until, 'pause.until') };
      if (range.until < range.from)
        throw new PlannerInputError(`pause ${p.from}..${p.until} ends before it starts`);
      return range;
    })
    .filter((r) => r.until > r.from)
    .sort((a, b) => a.from - b.from || a.until - b.until);
  const merged: DayRange[] = [];
  for (const range of ranges) {
    const last = merged[merged.length - 1];
    if (last && range.from <= last.until) last.until = Math.max(last.until, range.until);
    else merged.push({ ...range });
  }
  return merged;
}

/**
 * First start moment on or after `earliest` that is not inside a pause, or null when a fixed pattern
 * has no such date left.
 *
 * @example nextStartMoment({ kind: 'monthly', dayOfMonth: 1 }, '2026-01-02', []) // '2026-02-01'
 */
export function nextStartMoment(
  pattern: StartPattern,
  earliest: string,
  pauses: readonly Pause[],
): string | null {
  const day = nextStartDay(pattern, toDay(earliest), normalizePauses(pauses), sortedFixedDays(pattern));
  return day === null ? null : fromDay(day);
}

/**
 * Schedules modules one after the other in the given order: the learner studies one module at a time.
 * Each starts at its first start moment on/after the previous end that is not in a pause, runs
 * weeksFor(load, hoursPerWeek) weeks, and is extended by the full length of every pause it runs into
 * (the learner stops and resumes where they were). A module without a start moment is skipped
 * (scheduled: false) and the next one starts where it would have.
 *
 * @example
 * scheduleModules([{ moduleId: 'klas', studyLoadHours: 16, startPattern: { kind: 'continuous' } }],
 *   { from: '2026-01-05', hoursPerWeek: 8, pauses: [] })
 * // [{ moduleId: 'klas', scheduled: true, start: '2026-01-05', end: '2026-01-19', weeks: 2, pauses: [] }]
 */
export function scheduleModules(
  requests: readonly ScheduleRequest[],
  options: ScheduleOptions,
): ScheduledModule[] {
  const pauses = normalizePauses(options.pauses);
  let cursor = toDay(options.from, 'start');
  const result: ScheduledModule[] = [];
  for (const request of requests) {
    const weeks = weeksFor(request.studyLoadHours, options.hoursPerWeek);
    const start = nextStartDay(request.startPattern, cursor, pauses, sortedFixedDays(request.startPattern));
    if (start === null) {
      result.push({ moduleId: request.moduleId, scheduled: false });
      continue;
    }
    let end = start + weeks * 7;
    const crossed: Pause[] = [];
    for (const pause of pauses) {
      // Pauses are disjoint and sorted, and the start is never inside one, so one pass suffices.
      if (pause.from >= end) break;
      if (pause.until <= start) continue;
      end += pause.until - pause.from;
      crossed.push({ from: fromDay(pause.from), until: fromDay(pause.until) });
    }
    result.push({
      moduleId: request.moduleId,
      scheduled: true,
      start: fromDay(start),
      end: fromDay(end),
      weeks,
      pauses: crossed,
    });
    cursor = end;
  }
  return result;
}

function sortedFixedDays(pattern: StartPattern): number[] {
  if (pattern.kind !== 'fixed') return [];
  return pattern.dates.map((d) => toDay(d, 'fixed start date')).sort((a, b) => a - b);
}

function nextStartDay(
  pattern: StartPattern,
  earliest: number,
  pauses: readonly DayRange[],
  fixedDays: readonly number[],
): number | null {
  let from = earliest;
  for (;;) {
    const candidate = nextPatternDay(pattern, from, fixedDays);
    if (candidate === null) return null;
    const blocking = pauses.find((p) => p.from <= candidate && candidate < p.until);
    if (!blocking) return candidate;
    from = blocking.until;
  }
}

function nextPatternDay(pattern: StartPattern, from: number, fixedDays: readonly number[]): number | null {
  switch (pattern.kind) {
    case 'continuous':
      return from;
    case 'monthly':
      return nextMonthlyDay(from, pattern.dayOfMonth);
    case 'fixed':
      return fixedDays.find((d) => d >= from) ?? null;
  }
}
