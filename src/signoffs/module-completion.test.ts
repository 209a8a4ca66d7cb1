import { describe, expect, it } from 'vitest';
import {
  currentSignoffs,
  decidingSignoffs,
  moduleCompletion,
  type SignoffFact,
} from './module-completion.js';

let n = 0;
const signoff = (outcomeId: string, result: SignoffFact['result'], date: string, supersedes?: string) => ({
  id: `s${++n}`,
  outcomeId,
  result,
  date,
  recordedAt: `2027-01-01T00:00:${String(n).padStart(2, '0')}.000Z`,
  ...(supersedes === undefined ? {} : { supersedes }),
});

describe('moduleCompletion', () => {
  it('is completed when every outcome has a current passed sign-off, on the latest of their dates', () => {
    const a = signoff('lo1', 'passed', '2027-03-08');
    const b = signoff('lo2', 'passed', '2027-03-01');
    expect(moduleCompletion(['lo1', 'lo2'], [a, b])).toEqual({
      completed: true,
      completedOn: '2027-03-08',
      signoffs: [a, b],
      missing: [],
    });
  });

  it('is not completed while an outcome is missing or only not-yet', () => {
    const a = signoff('lo1', 'passed', '2027-03-08');
    const b = signoff('lo2', 'not-yet', '2027-03-01');
    expect(moduleCompletion(['lo1', 'lo2'], [a, b])).toEqual({ completed: false, missing: ['lo2'] });
    expect(moduleCompletion(['lo1', 'lo2'], [a])).toEqual({ completed: false, missing: ['lo2'] });
  });

  it('a not-yet followed by a new attempt that passes completes it on the passing day', () => {
    const first = signoff('lo1', 'not-yet', '2027-03-01');
    const again = signoff('lo1', 'passed', '2027-04-01');
    expect(moduleCompletion(['lo1'], [first, again])).toMatchObject({
      completed: true,
      completedOn: '2027-04-01',
    });
  });

  it('a superseded pass no longer counts; its correction does', () => {
    const wrong = signoff('lo1', 'passed', '2027-03-01');
    const corrected = signoff('lo1', 'not-yet', '2027-03-01', wrong.id);
    expect(moduleCompletion(['lo1'], [wrong, corrected])).toEqual({ completed: false, missing: ['lo1'] });
    const redated = signoff('lo1', 'passed', '2027-03-02', corrected.id);
    expect(moduleCompletion(['lo1'], [wrong, corrected, redated])).toMatchObject({
      completed: true,
      completedOn: '2027-03-02',
      signoffs: [redated],
    });
  });

  it('sign-offs of other outcomes do not count, and a module without outcomes is never completed', () => {
    expect(moduleCompletion(['lo1'], [signoff('other', 'passed', '2027-03-01')])).toEqual({
      completed: false,
      missing: ['lo1'],
    });
    expect(moduleCompletion([], [signoff('lo1', 'passed', '2027-03-01')])).toEqual({
      completed: false,
      missing: [],
    });
  });

  it('the first passing sign-off of an outcome is the one that counts', () => {
    const early = signoff('lo1', 'passed', '2027-02-01');
    const late = signoff('lo1', 'passed', '2027-05-01');
    expect(moduleCompletion(['lo1'], [late, early])).toMatchObject({ completedOn: '2027-02-01' });
  });
});

describe('currentSignoffs', () => {
  it('drops every sign-off a correction names', () => {
    const a = signoff('lo1', 'passed', '2027-03-01');
    const b = signoff('lo1', 'passed', '2027-03-02', a.id);
    const c = signoff('lo2', 'passed', '2027-03-02');
    expect(currentSignoffs([a, b, c])).toEqual([b, c]);
  });
});

describe('decidingSignoffs', () => {
  it('per outcome: the first current pass, else the latest current not-yet; never a corrected one', () => {
    const tried = signoff('lo1', 'not-yet', '2027-03-01');
    const passed = signoff('lo1', 'passed', '2027-04-01');
    const afterPass = signoff('lo1', 'not-yet', '2027-05-01');
    const first = signoff('lo2', 'not-yet', '2027-03-01');
    const second = signoff('lo2', 'not-yet', '2027-03-15');
    const wrong = signoff('lo3', 'passed', '2027-03-01');
    const corrected = signoff('lo3', 'not-yet', '2027-03-01', wrong.id);
    const deciding = decidingSignoffs([afterPass, passed, tried, second, first, wrong, corrected]);
    expect(Object.fromEntries(deciding)).toEqual({ lo1: passed, lo2: second, lo3: corrected });
  });

  it('a same-day tie goes by when it was recorded', () => {
    const morning = signoff('lo1', 'not-yet', '2027-03-01');
    const afternoon = signoff('lo1', 'not-yet', '2027-03-01');
    expect(decidingSignoffs([afternoon, morning]).get('lo1')).toBe(afternoon);
  });
});
