import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findCycleThrough } from './prerequisite-cycle.js';

const graph = (edges: Record<string, string[]>) => new Map(Object.entries(edges));

describe('findCycleThrough', () => {
  it('names the cycle from the start back to it', () => {
    const edges = graph({ a: ['x', 'b'], b: ['c'], c: ['a'], x: [] });
    expect(findCycleThrough('a', edges)).toEqual(['a', 'b', 'c', 'a']);
  });

  it('sees a module that requires itself', () => {
    expect(findCycleThrough('a', graph({ a: ['a'] }))).toEqual(['a', 'a']);
  });

  it('ignores cycles elsewhere and shared prerequisites (diamonds)', () => {
    const edges = graph({ a: ['b', 'c'], b: ['d'], c: ['d'], d: [], e: ['f'], f: ['e'] });
    expect(findCycleThrough('a', edges)).toBeUndefined();
  });

  it('handles a chain of 100,000 modules without a stack overflow', () => {
    const edges = new Map<string, string[]>();
    for (let i = 0; i < 100_000; i++) edges.set(`m${i}`, [`m${i + 1}`]);
    edges.set('m100000', ['m0']);
    expect(findCycleThrough('m0', edges)?.length).toBe(100_002);
  });

  it('finds a cycle exactly when the start can reach itself (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 7 })), { maxLength: 20 }),
        (pairs) => {
          const edges = new Map<string, string[]>();
          for (const [from, to] of pairs) edges.set(`${from}`, [...(edges.get(`${from}`) ?? []), `${to}`]);
          // Reachability by plain breadth-first search, as the reference.
          const seen = new Set<string>();
          const queue = [...(edges.get('0') ?? [])];
          while (queue.length) {
            const n = queue.shift() as string;
            if (seen.has(n)) continue;
            seen.add(n);
            queue.push(...(edges.get(n) ?? []));
          }
          const cycle = findCycleThrough('0', edges);
          expect(cycle !== undefined).toBe(seen.has('0'));
          if (cycle) {
            expect(cycle[0]).toBe('0');
            expect(cycle.at(-1)).toBe('0');
            for (let i = 0; i + 1 < cycle.length; i++)
              expect(edges.get(cycle[i] as string)).toContain(cycle[i + 1]);
          }
        },
      ),
    );
  });
});
