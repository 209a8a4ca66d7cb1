import { describe, expect, it } from 'vitest';
import { BoundedCache, cacheOf } from './bounded-cache.js';

describe('the bounded cache of what other issuers publish', () => {
  it('forgets an entry at its own expiry, and never stores one already expired', () => {
    const cache = new BoundedCache<string>(10);
    cache.set('list', 'bits', 1_000, 0);
    expect(cache.get('list', 999)).toBe('bits');
    expect(cache.get('list', 1_000)).toBeUndefined();
    cache.set('stale', 'bits', 500, 500);
    expect(cache.get('stale', 0)).toBeUndefined();
  });

  it('makes room by dropping the entry stored longest ago', () => {
    const cache = new BoundedCache<number>(2);
    cache.set('a', 1, 100, 0);
    cache.set('b', 2, 100, 0);
    cache.set('a', 3, 100, 0); // stored again: now the newest
    cache.set('c', 4, 100, 0);
    expect([cache.get('a', 1), cache.get('b', 1), cache.get('c', 1)]).toEqual([3, undefined, 4]);
  });

  it('keeps one cache per deployment', () => {
    const registry = new WeakMap<object, BoundedCache<number>>();
    const [one, two] = [{}, {}];
    cacheOf(registry, one, 5).set('x', 1, 100, 0);
    expect(cacheOf(registry, one, 5).get('x', 1)).toBe(1);
    expect(cacheOf(registry, two, 5).get('x', 1)).toBeUndefined();
  });
});
