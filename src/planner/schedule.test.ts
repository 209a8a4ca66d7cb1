import { describe, expect, it } from 'vitest';
import { PlannerInputError } from './errors.js';
import { nextStartMoment, normalizePauses, scheduleModules, weeksFor } from './schedule.js';

const continuous = { kind: 'continuous' } as const;

describe('weeksFor', () => {
  it('rounds partial weeks up', () => {
    expect(weeksFor(16, 8)).toBe(2);
    expect(weeksFor(17, 8)).toBe(3);
    expect(weeksFor(0, 8)).toBe(0);
  });

  it('rejects a non-positive pace', () => {
    expect(() => weeksFor(8, 0)).toThrow(PlannerInputError);
    expect(() => weeksFor(8, -1)).toThrow(PlannerInputError);
  });
});

describe('nextStartMoment', () => {
  it('starts monthly modules on their day of the month', () => {
    expect(nextStartMoment({ kind: 'monthly', dayOfMonth: 1 }, '2026-03-02', [])).toBe('2026-04-01');
  });

  it('starts fixed modules on the next listed date, or not at all', () => {
    const fixed = { kind: 'fixed', dates: ['2026-09-01', '2026-02-01'] } as const;
    expect(nextStartMoment({ kind: 'fixed', dates: [...fixed.dates] }, '2026-01-05', [])).toBe('2026-02-01');
    expect(nextStartMoment({ kind: 'fixed', dates: [...fixed.dates] }, '2026-09-02', [])).toBeNull();
  });

  it('never starts inside a pause', () => {
    const pauses = [{ from: '2026-03-01', until: '2026-06-15' }];
    expect(nextStartMoment({ kind: 'monthly', dayOfMonth: 1 }, '2026-02-02', pauses)).toBe('2026-07-01');
    expect(nextStartMoment(continuous, '2026-03-10', pauses)).toBe('2026-06-15');
  });
});

describe('normalizePauses', () => {
  it('merges overlapping and touching pauses, drops empty ones', () => {
    const merged = normalizePauses([
      { from: '2026-05-01', until: '2026-05-10' },
      { from: '2026-03-01', until: '2026-04-01' },
      { from: '2026-03-15', until: '2026-05-01' },
      { from: '2026-08-01', until: '2026-08-01' },
    ]);
    expect(merged).toHaveLength(1);
  });

  it('rejects a pause that ends before it starts', () => {
    expect(() => normalizePauses([{ from: '2026-05-01', until: '2026-04-01' }])).toThrow(PlannerInputError);
  });
});

describe('scheduleModules', () => {
  it('runs modules one after another at the learner pace', () => {
    const result = scheduleModules(
      [
        { moduleId: 'a', studyLoadHours: 16, startPattern: continuous },
        { moduleId: 'b', studyLoadHours: 8, startPattern: { kind: 'monthly', dayOfMonth: 1 } },
      ],
      { from: '2026-01-05', hoursPerWeek: 8, pauses: [] },
    );
    expect(result).toEqual([
      { moduleId: 'a', scheduled: true, start: '2026-01-05', end: '2026-01-19', weeks: 2, pauses: [] },
      { moduleId: 'b', scheduled: true, start: '2026-02-01', end: '2026-02-08', weeks: 1, pauses: [] },
    ]);
  });

  it('extends a module that runs into a pause by the pause length (Anne goes on leave)', () => {
    const [slot] = scheduleModules([{ moduleId: 'a', studyLoadHours: 32, startPattern: continuous }], {
      from: '2026-01-05',
      hoursPerWeek: 8,
      pauses: [{ from: '2026-01-19', until: '2026-05-04' }],
    });
    // 2 weeks before the leave, 2 weeks after: resumes on 2026-05-04, ends 2026-05-18.
    expect(slot).toEqual({
      moduleId: 'a',
      scheduled: true,
      start: '2026-01-05',
      end: '2026-05-18',
      weeks: 4,
      pauses: [{ from: '2026-01-19', until: '2026-05-04' }],
    });
  });

  it('skips a module without a start moment and keeps going', () => {
    const result = scheduleModules(
      [
        { moduleId: 'old', studyLoadHours: 8, startPattern: { kind: 'fixed', dates: ['2025-09-01'] } },
        { moduleId: 'next', studyLoadHours: 8, startPattern: continuous },
      ],
      { from: '2026-01-05', hoursPerWeek: 8, pauses: [] },
    );
    expect(result[0]).toEqual({ moduleId: 'old', scheduled: false });
    expect(result[1]).toMatchObject({ moduleId: 'next', start: '2026-01-05' });
  });
});
