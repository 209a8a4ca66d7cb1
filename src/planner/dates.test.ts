import { describe, expect, it } from 'vitest';
import { addDays, fromDay, nextMonthlyDay, toDay } from './dates.js';
import { PlannerInputError } from './errors.js';

describe('dates', () => {
  it('round-trips ISO dates through day numbers', () => {
    expect(toDay('1970-01-01')).toBe(0);
    expect(fromDay(toDay('2028-02-29'))).toBe('2028-02-29');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });

  it('rejects malformed and non-existent dates', () => {
    expect(() => toDay('2026-02-30')).toThrow(PlannerInputError);
    expect(() => toDay('2026-1-5')).toThrow(PlannerInputError);
    expect(() => toDay('2026-01-05T00:00:00Z')).toThrow(PlannerInputError);
  });

  it('finds the next monthly day, using the last day of short months', () => {
    expect(fromDay(nextMonthlyDay(toDay('2026-01-01'), 1))).toBe('2026-01-01');
    expect(fromDay(nextMonthlyDay(toDay('2026-01-02'), 1))).toBe('2026-02-01');
    expect(fromDay(nextMonthlyDay(toDay('2026-02-01'), 31))).toBe('2026-02-28');
    expect(fromDay(nextMonthlyDay(toDay('2026-12-16'), 15))).toBe('2027-01-15');
  });
});

describe('day numbers', () => {
  it('agree with Date.UTC for every day from 1900 to 2200', () => {
    const MS = 86_400_000;
    for (let day = Date.UTC(1900, 0, 1) / MS; day <= Date.UTC(2200, 0, 1) / MS; day++) {
      const iso = new Date(day * MS).toISOString().slice(0, 10);
      if (fromDay(day) !== iso || toDay(iso) !== day) throw new Error(`mismatch at ${iso}`);
    }
  });
});
