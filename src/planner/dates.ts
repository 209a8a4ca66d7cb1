import { PlannerInputError } from './errors.js';

/**
 * ISO-date helpers. Internally the planner counts whole days since 1970-01-01 (UTC), which keeps
 * arithmetic exact and independent of the host time zone.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Day number of an ISO date; throws PlannerInputError on malformed or non-existent dates.
 *
 * @example toDay('1970-01-02') // 1
 */
export function toDay(iso: string, field = 'date'): number {
  if (!ISO_DATE.test(iso)) throw new PlannerInputError(`${field}: '${iso}' is not a YYYY-MM-DD date`);
  const year = Number(iso.slice(0, 4));
  const month = Number(iso.slice(5, 7));
  const day = Number(iso.slice(8, 10));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month - 1)) {
    throw new PlannerInputError(`${field}: '${iso}' is not an existing date`);
  }
  return daysFromCivil(year, month, day);
}

/**
 * ISO date of a day number. Integer arithmetic instead of Date#toISOString: the planner formats a
 * few thousand dates per route and this is several times faster.
 *
 * @example fromDay(1) // '1970-01-02'
 */
export function fromDay(day: number): string {
  // Howard Hinnant's civil_from_days, proleptic Gregorian calendar.
  const z = day + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
}

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * @example addDays('2026-01-30', 3) // '2026-02-02'
 */
export function addDays(iso: string, days: number): string {
  return fromDay(toDay(iso) + days);
}

/**
 * First day >= `day` that falls on `dayOfMonth`; months that are too short use their last day, so a
 * "31st" start pattern still starts in February.
 *
 * @example fromDay(nextMonthlyDay(toDay('2026-01-31'), 30)) // '2026-02-28'
 */
export function nextMonthlyDay(day: number, dayOfMonth: number): number {
  const date = new Date(day * MS_PER_DAY);
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth();
  const inThisMonth = Math.min(dayOfMonth, daysInMonth(year, month));
  if (inThisMonth >= date.getUTCDate()) return Date.UTC(year, month, inThisMonth) / MS_PER_DAY;
  return Date.UTC(year, month + 1, Math.min(dayOfMonth, daysInMonth(year, month + 1))) / MS_PER_DAY;
}

/** `month` is 0-based and may overflow into the next year, as with Date.UTC. */
function daysInMonth(year: number, month: number): number {
  const y = year + Math.floor(month / 12);
  const m = ((month % 12) + 12) % 12;
  if (m === 1) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 3 || m === 5 || m === 8 || m === 10 ? 30 : 31;
}
