/** What erasing a learner leaves in place of their personal data. */
export const ERASED = '[gewist]';

/**
 * The pieces of text that would identify a learner or tell about them, gathered before erasure so any
 * copy of them elsewhere (an audit detail, a route version, a sign-off) can be found and replaced: their
 * token subject, name, email, DID, and every text of their profile and evidence. Very short pieces
 * (under four characters) are left out: they would match unrelated words and identify nobody.
 * @example personalTexts({ subject: 'rianne', name: 'Rianne Jansen', email: 'r@x.nl', did: null }, ['{"talenten":["Geduldig"]}'], []) // ['rianne', 'Rianne Jansen', 'Rianne', 'Jansen', 'r@x.nl', 'Geduldig']
 */
export function personalTexts(
  learner: { subject: string | null; name: string | null; email: string | null; did: string | null },
  jsonDocuments: readonly string[],
  texts: ReadonlyArray<string | null>,
): string[] {
  const found = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string') {
      if (value.trim().length >= 4) found.add(value.trim());
    } else if (Array.isArray(value)) value.forEach(add);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(add);
  };
  // The name whole, and each part of it long enough to name someone ("Rianne" in a note, not "de").
  add([
    learner.subject,
    learner.name,
    ...(learner.name ?? '').split(/\s+/),
    learner.email,
    learner.did,
    ...texts,
  ]);
  for (const json of jsonDocuments) add(JSON.parse(json));
  return [...found];
}

/**
 * Keys under which people wrote about the learner in their records: a pause's, a change's or a
 * correction's reason, a sign-off's text, evidence described. Gone at erasure whatever they say.
 */
const FREE_TEXT = new Set(['reason', 'text', 'description']);
/** Where such a key holds the planner's code instead: a plan's `uncovered[].reason` ('removed-by-opleider'). */
const CODED = new Set(['uncovered']);

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A JSON text with the learner's personal data taken out: every `accommodations` list emptied, every
 * free text (FREE_TEXT) replaced by `[gewist]`, and so is every string that mentions one of `texts`
 * as a word of its own, in any case ("Anne" in "Anne is ziek", not in "planned": a record's own words
 * stay). A string equal to a key of `renamed` becomes its value instead (the learner's `learner:<subject>`
 * their `learner:<id>`). The same text back when nothing changed.
 * @example scrubJson('{"accommodations":["extra tijd"],"note":"Rianne is ziek","status":"planned"}', ['Rianne']) // '{"accommodations":[],"note":"[gewist]","status":"planned"}'
 */
export function scrubJson(
  json: string,
  texts: readonly string[],
  renamed: ReadonlyMap<string, string> = new Map(),
): string {
  const mention =
    texts.length === 0
      ? undefined
      : new RegExp(`(?<![\\p{L}\\p{N}])(?:${texts.map(escaped).join('|')})(?![\\p{L}\\p{N}])`, 'iu');
  const mentions = (value: string) => mention?.test(value) ?? false;
  /** `words`: whether a free-text key here holds someone's words (not under CODED, where it is a code). */
  const scrub = (value: unknown, key?: string, words = true): unknown => {
    if (key === 'accommodations' && Array.isArray(value)) return [];
    if (typeof value === 'string') {
      const name = renamed.get(value);
      if (name !== undefined) return name;
      return (words && key !== undefined && FREE_TEXT.has(key)) || mentions(value) ? ERASED : value;
    }
    const inner = words && !(key !== undefined && CODED.has(key));
    if (Array.isArray(value)) return value.map((item) => scrub(item, undefined, inner));
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k, inner)]));
    return value;
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return mentions(json) ? JSON.stringify(ERASED) : json;
  }
  const scrubbed = JSON.stringify(scrub(parsed));
  return scrubbed === JSON.stringify(parsed) ? json : scrubbed;
}
