import { en } from './en.js';
import { type Messages, nl } from './nl.js';

export type { Messages } from './nl.js';

/** The languages of the pages; Dutch first. */
export const LANGUAGES = ['nl', 'en'] as const;
export type Lang = (typeof LANGUAGES)[number];

const catalogs: Record<Lang, Messages> = { nl, en };

/**
 * The strings of a language.
 * @example messagesFor('en').nav.verify // 'Verify a credential'
 */
export const messagesFor = (lang: Lang): Messages => catalogs[lang];

/**
 * A language we have, or Dutch.
 * @example langOf('en') // 'en'
 * @example langOf('fr') // 'nl'
 */
export const langOf = (value: string | undefined): Lang =>
  (LANGUAGES as readonly string[]).includes(value ?? '') ? (value as Lang) : 'nl';
