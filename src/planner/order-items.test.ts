import { describe, expect, it } from 'vitest';
import { PrerequisiteCycleError } from './errors.js';
import { markEssential, orderPlanned, prerequisiteEdges } from './order-items.js';
import { mod } from './test-support.js';

describe('prerequisiteEdges', () => {
  it('links module and competency prerequisites to the planned modules providing them', () => {
    const basis = mod('basis', ['pedagogiek']);
    const klas = mod('klas', ['klas'], { prerequisites: { modules: ['basis'], competencies: [] } });
    const gym = mod('gym', ['gym'], { prerequisites: { modules: [], competencies: ['klas', 'ehbo'] } });
    expect(prerequisiteEdges([gym, klas, basis], new Set(['ehbo']))).toEqual([
      { kind: 'competency', from: 'klas', to: 'gym', competency: 'klas' },
      { kind: 'module', from: 'basis', to: 'klas' },
    ]);
  });
});

describe('orderPlanned', () => {
  it('puts essential modules first, prerequisites before dependents, ties by code', () => {
    const zwem = mod('zwem', ['zwem'], { code: 'A-ZWEM' });
    const basis = mod('basis', ['pedagogiek'], { code: 'Z-BASIS' });
    const klas = mod('klas', ['klas'], {
      code: 'B-KLAS',
      prerequisites: { modules: ['basis'], competencies: [] },
    });
    const spel = mod('spel', ['spel'], { code: 'C-SPEL' });
    const planned = [zwem, basis, klas, spel];
    const edges = prerequisiteEdges(planned, new Set());
    const essential = markEssential(planned, edges, new Set(['klas', 'spel']));
    expect([...essential].sort()).toEqual(['basis', 'klas', 'spel']);
    expect(orderPlanned(planned, edges, essential).map((m) => m.id)).toEqual([
      'spel',
      'basis',
      'klas',
      'zwem',
    ]);
  });

  it('rejects a cycle through competency prerequisites, naming the codes', () => {
    const a = mod('a', ['x'], { code: 'MOD-A', prerequisites: { modules: [], competencies: ['y'] } });
    const b = mod('b', ['y'], { code: 'MOD-B', prerequisites: { modules: [], competencies: ['x'] } });
    const edges = prerequisiteEdges([a, b], new Set());
    expect(() => orderPlanned([a, b], edges, new Set())).toThrow(PrerequisiteCycleError);
    try {
      orderPlanned([a, b], edges, new Set());
    } catch (error) {
      expect((error as PrerequisiteCycleError).cycle).toEqual(['MOD-A', 'MOD-B', 'MOD-A']);
    }
  });
});
