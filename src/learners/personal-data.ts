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
 * A JSON text with the learner's personal data taken out: every `accommodations` list emptied, and every
 * string that contains one of `texts` replaced by `[gewist]`. The same text back when nothing matched.
 * @example scrubJson('{"accommodations":["extra tijd"],"note":"Rianne is ziek"}', ['Rianne']) // '{"accommodations":[],"note":"[gewist]"}'
 */
export function scrubJson(json: string, texts: readonly string[]): string {
  const scrub = (value: unknown, key?: string): unknown => {
    if (key === 'accommodations' && Array.isArray(value)) return [];
    if (typeof value === 'string') return texts.some((text) => value.includes(text)) ? ERASED : value;
    if (Array.isArray(value)) return value.map((item) => scrub(item));
    if (value !== null && typeof value === 'object')
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, scrub(v, k)]));
    return value;
  };
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return texts.some((text) => json.includes(text)) ? JSON.stringify(ERASED) : json;
  }
  const scrubbed = JSON.stringify(scrub(parsed));
  return scrubbed === JSON.stringify(parsed) ? json : scrubbed;
}
