import type { Lang, Messages } from './i18n/index.js';

/** The pages' clock: the people who use Loopbrug are in the Netherlands, whatever zone the server is in. */
const TIME_ZONE = 'Europe/Amsterdam';
const LOCALES: Record<Lang, string> = { nl: 'nl-NL', en: 'en-GB' };

/**
 * A moment (an ISO timestamp, as the domain keeps them, in UTC) as people in the Netherlands read a
 * clock: its date and time in Dutch time, in the page's language, and the zone's short name (CET, or
 * CEST in summer) for a page that names it.
 * @example localTime('2026-12-02T14:04:00Z', 'nl') // { date: '2 december 2026', time: '15:04', zone: 'CET' }
 */
export function localTime(iso: string, lang: Lang): { date: string; time: string; zone: string } {
  const parts = new Intl.DateTimeFormat(LOCALES[lang], {
    timeZone: TIME_ZONE,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return {
    date: `${part('day')} ${part('month')} ${part('year')}`,
    time: `${part('hour')}:${part('minute')}`,
    zone: part('timeZoneName'),
  };
}

/**
 * A moment as a page says it: its day and time in Dutch time, in the page's words.
 * @example localMoment(messagesFor('nl'), 'nl', '2026-12-02T14:04:00Z') // '2 december 2026 om 15:04'
 */
export function localMoment(t: Messages, lang: Lang, iso: string): string {
  const { date, time } = localTime(iso, lang);
  return t.at(date, time);
}
