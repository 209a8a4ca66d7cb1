import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EDUCATION_LEVELS, type EducationLevel } from '../../schemas/common.js';
import {
  type AdmissionFacts,
  type AdmissionOverride,
  checkAdmission,
  type VerifiedDiploma,
} from './admission.js';

const cognitiveTest = {
  kind: 'cognitive-test',
  description: 'Capaciteitentest: werk- en denkniveau mbo 4',
  date: '2026-09-14',
};
const mbo4 = { entryLevel: 'mbo-4', legalMinimum: false } as const;
/** Verified diplomas at these levels. */
const diplomas = (...levels: EducationLevel[]): VerifiedDiploma[] =>
  levels.map((level) => ({ level, evidence: `diploma ${level} (verified by roc-rivor)` }));

describe('checkAdmission', () => {
  it('Rianne: mbo-2 diploma, cognitive test mbo-4, is admitted to mbo-4 on her tested level', () => {
    const decision = checkAdmission(mbo4, {
      diplomas: diplomas('mbo-2'),
      testedLevel: { level: 'mbo-4', evidence: [cognitiveTest] },
    });
    expect(decision).toMatchObject({ admitted: true, basis: 'tested-level' });
    expect(decision.explanation).toContain('mbo-4');
    expect(decision.explanation).toContain('cognitive-test');
  });

  it('a diploma at or above the entry level admits on the diploma, even when a test is also there', () => {
    expect(checkAdmission(mbo4, { diplomas: diplomas('mbo-2', 'mbo-4') })).toMatchObject({
      admitted: true,
      basis: 'diploma',
      explanation:
        'A diploma at mbo-4 (NLQF 4), diploma mbo-4 (verified by roc-rivor), meets the entry level mbo-4 (NLQF 4).',
    });
    expect(
      checkAdmission(mbo4, {
        diplomas: diplomas('hbo-bachelor'),
        testedLevel: { level: 'mbo-4', evidence: [cognitiveTest] },
      }).basis,
    ).toBe('diploma');
  });

  it('a tested level without evidence does not count', () => {
    const decision = checkAdmission(mbo4, {
      diplomas: diplomas('mbo-2'),
      testedLevel: { level: 'mbo-4', evidence: [] },
    });
    expect(decision).toMatchObject({ admitted: false, basis: 'none' });
    expect(decision.explanation).toContain('no werk- en denkniveau proven by evidence');
  });

  it('a tested level below the entry level does not admit', () => {
    expect(
      checkAdmission(mbo4, {
        diplomas: diplomas(),
        testedLevel: { level: 'mbo-3', evidence: [cognitiveTest] },
      }),
    ).toMatchObject({ admitted: false, basis: 'none' });
  });

  it('Miranda: no hbo diploma, tested well above hbo, is admitted to hbo on her tested level', () => {
    const decision = checkAdmission(
      { entryLevel: 'hbo-bachelor', legalMinimum: false },
      {
        diplomas: diplomas('mbo-4'),
        testedLevel: { level: 'wo-master', evidence: [{ ...cognitiveTest, description: 'Assessment' }] },
      },
    );
    expect(decision).toMatchObject({ admitted: true, basis: 'tested-level' });
  });

  it('with a legal minimum only a diploma admits; an override with a reason is kept in the explanation', () => {
    const strict = { entryLevel: 'mbo-4', legalMinimum: true } as const;
    const facts: AdmissionFacts = {
      diplomas: diplomas('mbo-2'),
      testedLevel: { level: 'mbo-4', evidence: [cognitiveTest] },
    };
    const refused = checkAdmission(strict, facts);
    expect(refused).toMatchObject({ admitted: false, basis: 'none' });
    expect(refused.explanation).toContain('legal minimum');

    expect(checkAdmission(strict, { diplomas: diplomas('mbo-4') }).basis).toBe('diploma');

    const override = checkAdmission(strict, facts, {
      reason: 'Toelatingscommissie ROC Rivor, besluit 2026-11-20',
      by: 'opleider-roc-rivor',
    });
    expect(override).toMatchObject({ admitted: true, basis: 'override' });
    expect(override.explanation).toContain('Toelatingscommissie ROC Rivor, besluit 2026-11-20');
    expect(override.explanation).toContain('opleider-roc-rivor');
  });

  it('Lennard: partial certificates do not admit by themselves; an override needs a non-empty reason', () => {
    const facts: AdmissionFacts = { diplomas: diplomas('mbo-1') };
    const entry = { entryLevel: 'mbo-3', legalMinimum: false } as const;
    expect(checkAdmission(entry, facts, { reason: '   ', by: 'opleider' })).toMatchObject({
      admitted: false,
      basis: 'none',
    });
    expect(
      checkAdmission(entry, facts, { reason: 'Intakegesprek en proefplaatsing', by: 'x' }),
    ).toMatchObject({
      admitted: true,
      basis: 'override',
    });
  });

  it('nothing at all is not admitted and says so', () => {
    const decision = checkAdmission(mbo4, { diplomas: diplomas() });
    expect(decision).toEqual({
      admitted: false,
      basis: 'none',
      explanation:
        'Not admitted to mbo-4 (NLQF 4): no diploma with a level; no werk- en denkniveau proven by evidence.',
    });
  });

  it('compares NLQF numbers, so hbo and wo at the same number are equal', () => {
    expect(
      checkAdmission(
        { entryLevel: 'wo-bachelor', legalMinimum: true },
        { diplomas: diplomas('hbo-bachelor') },
      ),
    ).toMatchObject({ admitted: true, basis: 'diploma' });
  });
});

describe('checkAdmission properties', () => {
  const names = Object.keys(EDUCATION_LEVELS) as EducationLevel[];
  const level = fc.constantFrom(...names);
  const nlqf = (l: EducationLevel) => EDUCATION_LEVELS[l];
  const facts: fc.Arbitrary<AdmissionFacts> = fc.record(
    {
      diplomas: fc.array(level, { maxLength: 4 }).map((levels) => diplomas(...levels)),
      testedLevel: fc.record({
        level,
        evidence: fc.array(fc.constant(cognitiveTest), { maxLength: 2 }),
      }),
    },
    { requiredKeys: ['diplomas'] },
  );
  const requirement = fc.record({ entryLevel: level, legalMinimum: fc.boolean() });
  const override: fc.Arbitrary<AdmissionOverride | undefined> = fc.option(
    fc.record({ reason: fc.string({ maxLength: 20 }), by: fc.constant('opleider') }),
    { nil: undefined },
  );
  /** The same facts with every level raised to at least the given one. */
  const raise = (f: AdmissionFacts, diploma: EducationLevel, tested: EducationLevel): AdmissionFacts => {
    const up = (a: EducationLevel, b: EducationLevel) => (nlqf(a) >= nlqf(b) ? a : b);
    return {
      diplomas: f.diplomas.map((d) => ({ ...d, level: up(d.level, diploma) })),
      ...(f.testedLevel === undefined
        ? {}
        : { testedLevel: { ...f.testedLevel, level: up(f.testedLevel.level, tested) } }),
    };
  };

  it('a higher level never admits less', () => {
    fc.assert(
      fc.property(requirement, facts, override, level, level, (req, f, o, d, t) => {
        if (checkAdmission(req, f, o).admitted)
          expect(checkAdmission(req, raise(f, d, t), o).admitted).toBe(true);
      }),
    );
  });

  it('a lower entry level, or dropping a legal minimum, never admits less', () => {
    fc.assert(
      fc.property(requirement, facts, override, level, (req, f, o, lower) => {
        if (!checkAdmission(req, f, o).admitted) return;
        if (nlqf(lower) <= nlqf(req.entryLevel))
          expect(checkAdmission({ ...req, entryLevel: lower }, f, o).admitted).toBe(true);
        expect(checkAdmission({ ...req, legalMinimum: false }, f, o).admitted).toBe(true);
      }),
    );
  });

  it('admits without an override exactly when a diploma, or (no legal minimum) a proven test, reaches the entry level', () => {
    fc.assert(
      fc.property(requirement, facts, (req, f) => {
        const needed = nlqf(req.entryLevel);
        const byDiploma = f.diplomas.some((d) => nlqf(d.level) >= needed);
        const byTest =
          !req.legalMinimum &&
          f.testedLevel !== undefined &&
          f.testedLevel.evidence.length > 0 &&
          nlqf(f.testedLevel.level) >= needed;
        const decision = checkAdmission(req, f);
        expect(decision.admitted).toBe(byDiploma || byTest);
        expect(decision.basis).toBe(byDiploma ? 'diploma' : byTest ? 'tested-level' : 'none');
      }),
    );
  });
});
