import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { evaluateStackRule, type HeldAchievement, type StackRule } from './stack-rule.js';

const c = (name: string) => `https://id.loopbrug.nl/bp/test/${name}`;
const held = (credentialId: string, competencies: string[], moduleId?: string): HeldAchievement => ({
  credentialId,
  achievementId: `http://localhost:8787/modules/${moduleId ?? credentialId}/versions/1`,
  ...(moduleId ? { moduleId } : {}),
  competencies,
});

const rule: StackRule = {
  groups: [
    { title: 'Vakinhoud', kind: 'all-of', competencies: [c('tv'), c('tk')], modules: [] },
    { title: 'Breedte (2 van 3)', kind: 'n-of', n: 2, competencies: [c('a'), c('b')], modules: ['m-c'] },
  ],
};

describe('evaluateStackRule', () => {
  it('an all-of group needs every item, and names what is missing', () => {
    const result = evaluateStackRule(rule, [held('vc-1', [c('tv'), c('a'), c('b')])]);
    expect(result.met).toBe(false);
    expect(result.groups.map((g) => g.met)).toEqual([false, true]);
    expect(result.missing).toEqual([`Vakinhoud: missing competency ${c('tk')}`]);
  });

  it('an n-of group needs n of its items, competencies or modules', () => {
    const one = evaluateStackRule(rule, [held('vc-1', [c('tv'), c('tk')]), held('vc-2', [c('a')])]);
    expect(one.met).toBe(false);
    expect(one.missing).toEqual([`Breedte (2 van 3): 1 more of competency ${c('b')}, module m-c`]);
    const two = evaluateStackRule(rule, [
      held('vc-1', [c('tv'), c('tk')]),
      held('vc-2', [c('a')]),
      held('vc-3', [], 'm-c'),
    ]);
    expect(two.met).toBe(true);
    expect(two.missing).toEqual([]);
    expect(two.contributing).toEqual(['vc-1', 'vc-2', 'vc-3']);
  });

  it('counts competencies from credentials of different instellingen together', () => {
    const result = evaluateStackRule(
      { groups: [{ title: 'Kern', kind: 'all-of', competencies: [c('tv'), c('pk')], modules: [] }] },
      [held('ncoi-vc', [c('tv')], 'ncoi-nl01'), held('han-vc', [c('pk')], 'han-ned-pk')],
    );
    expect(result.met).toBe(true);
  });

  it('lists only the credentials that cover an item as contributing', () => {
    const result = evaluateStackRule(rule, [held('vc-1', [c('tv')]), held('vc-x', [c('other')])]);
    expect(result.contributing).toEqual(['vc-1']);
  });

  it('property: adding a credential never un-meets a rule or a group', () => {
    const pool = ['a', 'b', 'c', 'd', 'e', 'f'].map(c);
    const modules = ['m1', 'm2', 'm3'];
    const group = fc
      .record({
        competencies: fc.subarray(pool),
        modules: fc.subarray(modules),
        kind: fc.constantFrom('all-of' as const, 'n-of' as const),
        n: fc.integer({ min: 1, max: 9 }),
      })
      .filter((g) => g.competencies.length + g.modules.length > 0)
      .map((g) => ({
        title: 'g',
        kind: g.kind,
        competencies: g.competencies,
        modules: g.modules,
        ...(g.kind === 'n-of' ? { n: Math.min(g.n, g.competencies.length + g.modules.length) } : {}),
      }));
    const achievement = fc
      .record({
        id: fc.uuid(),
        competencies: fc.subarray(pool),
        module: fc.option(fc.constantFrom(...modules), { nil: undefined }),
      })
      .map((a) => held(a.id, a.competencies, a.module));
    fc.assert(
      fc.property(
        fc.array(group, { minLength: 1, maxLength: 4 }),
        fc.array(achievement, { maxLength: 6 }),
        achievement,
        (groups, before, extra) => {
          const r: StackRule = { groups };
          const without = evaluateStackRule(r, before);
          const withExtra = evaluateStackRule(r, [...before, extra]);
          if (without.met) expect(withExtra.met).toBe(true);
          without.groups.forEach((g, i) => {
            if (g.met) expect(withExtra.groups[i]?.met).toBe(true);
            expect(withExtra.groups[i]?.covered.length).toBeGreaterThanOrEqual(g.covered.length);
          });
        },
      ),
    );
  });
});
