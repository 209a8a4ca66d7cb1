import { describe, expect, it } from 'vitest';
import { operationFacts, summaryOf } from './change-facts.js';

describe('what a version changed', () => {
  it('keeps adjustments by module code, and says them in one English sentence', () => {
    const codes = new Map([
      ['m1', 'ALO-KM'],
      ['m2', 'ALO-ZW'],
    ]);
    const facts = operationFacts(
      [
        { op: 'move', moduleId: 'm1', position: 1 },
        { op: 'remove', moduleId: 'm2' },
        {
          op: 'exempt',
          moduleId: 'm1',
          evidence: { kind: 'diploma', id: 'propedeuse-rechten', description: 'Propedeuse' },
        },
        { op: 'refuse-exemption', competency: 'urn:nederlands', reason: 'Levenservaring is geen bewijs' },
        { op: 'record-completion', moduleId: 'm2', completedOn: '2027-03-01' },
        { op: 'set-hours', hoursPerWeek: 12 },
      ],
      (id) => codes.get(id) ?? id,
    );
    expect(facts).toEqual({
      kind: 'adjusted',
      operations: [
        { op: 'move', code: 'ALO-KM', position: 1 },
        { op: 'remove', code: 'ALO-ZW' },
        { op: 'exempt', code: 'ALO-KM' },
        { op: 'refuse-exemption', competency: 'urn:nederlands' },
        { op: 'record-completion', code: 'ALO-ZW', completedOn: '2027-03-01' },
        { op: 'set-hours', hoursPerWeek: 12 },
      ],
    });
    expect(summaryOf(facts)).toBe(
      'move ALO-KM to 1; remove ALO-ZW; exempt ALO-KM; refuse exemption for urn:nederlands; ' +
        'record ALO-ZW completed on 2027-03-01; set hours per week to 12',
    );
  });

  it('names a replan by what it changed', () => {
    expect(summaryOf({ kind: 'replanned', role: 'Verzorgende IG', qualification: null })).toBe(
      'replanned: new role Verzorgende IG, qualification none',
    );
    expect(summaryOf({ kind: 'replanned' })).toBe('replanned: same target');
  });
});
