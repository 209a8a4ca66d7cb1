/** What module completion reads of a sign-off. */
export interface SignoffFact {
  id: string;
  outcomeId: string;
  result: 'passed' | 'not-yet';
  /** The day of the praktijktoets, `YYYY-MM-DD`. */
  date: string;
  /** The sign-off this one corrects. */
  supersedes?: string | undefined;
  /** When it was recorded; breaks ties between sign-offs of the same day. */
  recordedAt: string;
}

export type ModuleCompletion<S extends SignoffFact> =
  | { completed: true; completedOn: string; signoffs: S[]; missing: [] }
  | { completed: false; missing: string[] };

/**
 * The sign-offs no correction replaced.
 * @example currentSignoffs([a, { ...b, supersedes: a.id }]) // [b]
 */
export function currentSignoffs<S extends SignoffFact>(signoffs: readonly S[]): S[] {
  const superseded = new Set(signoffs.flatMap((s) => (s.supersedes === undefined ? [] : [s.supersedes])));
  return signoffs.filter((s) => !superseded.has(s.id));
}

/**
 * Whether `a` was signed off before `b`: by the day of the praktijktoets, then by when it was recorded.
 * @example signedBefore(notYet, retake) // true when the retake was on a later day
 */
export const signedBefore = (a: SignoffFact, b: SignoffFact) =>
  a.date < b.date || (a.date === b.date && a.recordedAt < b.recordedAt);

/** Whether `s` decides its outcome rather than `other`: a pass beats a 'not-yet', the first pass counts. */
const decides = (s: SignoffFact, other: SignoffFact) =>
  s.result === 'passed'
    ? other.result !== 'passed' || signedBefore(s, other)
    : other.result !== 'passed' && signedBefore(other, s);

/**
 * Per outcome, the current sign-off that decides where it stands: its first current 'passed' (the day it
 * was shown, as moduleCompletion counts it), or else its latest current 'not-yet'. Any other current
 * sign-off of the outcome changes nothing (an earlier attempt, a 'not-yet' beside a pass), so a
 * correction that means to change where the outcome stands corrects this one.
 * @example decidingSignoffs([notYet, { ...pass, outcomeId: notYet.outcomeId }]).get(notYet.outcomeId) // pass
 */
export function decidingSignoffs<S extends SignoffFact>(signoffs: readonly S[]): Map<string, S> {
  const deciding = new Map<string, S>();
  for (const s of currentSignoffs(signoffs)) {
    const other = deciding.get(s.outcomeId);
    if (!other || decides(s, other)) deciding.set(s.outcomeId, s);
  }
  return deciding;
}

/**
 * Whether a module with these outcomes is completed: each outcome has a current (not superseded)
 * sign-off with result 'passed'. Per outcome the first such sign-off counts (the day it was shown);
 * the module is completed on the latest of those days. A module without outcomes is never completed
 * by sign-off, and a 'not-yet' beside a current 'passed' does not undo it (corrections supersede).
 *
 * @example
 * moduleCompletion(['lo1', 'lo2'], [
 *   { id: 'a', outcomeId: 'lo1', result: 'passed', date: '2027-03-01', recordedAt: '…' },
 *   { id: 'b', outcomeId: 'lo2', result: 'passed', date: '2027-03-08', recordedAt: '…' },
 * ]) // { completed: true, completedOn: '2027-03-08', signoffs: [a, b], missing: [] }
 */
export function moduleCompletion<S extends SignoffFact>(
  outcomeIds: readonly string[],
  signoffs: readonly S[],
): ModuleCompletion<S> {
  if (outcomeIds.length === 0) return { completed: false, missing: [] };
  const passed = new Map<string, S>();
  for (const [outcomeId, s] of decidingSignoffs(signoffs))
    if (s.result === 'passed') passed.set(outcomeId, s);
  const unique = [...new Set(outcomeIds)];
  const missing = unique.filter((id) => !passed.has(id));
  if (missing.length > 0) return { completed: false, missing };
  const used = unique.map((id) => passed.get(id) as S);
  const completedOn = used.reduce((latest, s) => (s.date > latest ? s.date : latest), used[0]?.date ?? '');
  return { completed: true, completedOn, signoffs: used, missing: [] };
}
