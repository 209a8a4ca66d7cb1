import { describe, expect, it } from 'vitest';
import { scrubJson } from './personal-data.js';

describe('scrubJson', () => {
  it('replaces what mentions the learner as a word of its own, never a word that merely contains it', () => {
    const route = JSON.stringify({
      items: [{ status: 'planned', title: 'Werken met groepjes' }],
      note: 'Gesprek met anne over haar planning',
      by: 'learner:anne',
    });
    expect(JSON.parse(scrubJson(route, ['anne'], new Map([['learner:anne', 'learner:l-1']])))).toEqual({
      items: [{ status: 'planned', title: 'Werken met groepjes' }],
      note: '[gewist]',
      by: 'learner:l-1',
    });
  });

  it('erases free text written about the learner whatever it says, and empties accommodations', () => {
    const version = JSON.stringify({
      pauses: [{ from: '2027-07-01', until: '2027-09-01', reason: 'Zwangerschapsverlof' }],
      exemptions: [{ moduleId: 'm1', evidence: { kind: 'diploma', id: 'd1', description: 'Propedeuse' } }],
      accommodations: ['extra tijd'],
      summary: 'paused from 2027-07-01 until 2027-09-01',
      plan: { uncovered: [{ competency: 'urn:c1', priority: 'later', reason: 'removed-by-opleider' }] },
    });
    expect(JSON.parse(scrubJson(version, []))).toEqual({
      pauses: [{ from: '2027-07-01', until: '2027-09-01', reason: '[gewist]' }],
      exemptions: [{ moduleId: 'm1', evidence: { kind: 'diploma', id: 'd1', description: '[gewist]' } }],
      accommodations: [],
      summary: 'paused from 2027-07-01 until 2027-09-01',
      // The planner's code, not anyone's words: it stays.
      plan: { uncovered: [{ competency: 'urn:c1', priority: 'later', reason: 'removed-by-opleider' }] },
    });
  });

  it('gives the same text back when nothing changed, and matches texts with special characters literally', () => {
    const json = '{"a":"x (y)"}';
    expect(scrubJson(json, ['planned'])).toBe(json);
    expect(scrubJson(json, ['x (y)'])).toBe('{"a":"[gewist]"}');
  });
});
