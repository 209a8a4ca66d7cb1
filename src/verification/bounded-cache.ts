/**
 * A cache bounded in size and in time: each entry expires at its own moment (on the deployment's
 * clock), and past `maxEntries` the entry stored longest ago makes room. What other issuers publish is
 * cached in these, so that a verification does not fetch the same document again, and a stale one is
 * never used.
 */
export class BoundedCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(private readonly maxEntries: number) {}

  /**
   * The value stored under `key`, unless it expired by `now` (ms).
   * @example cache.get(url, deps.now().getTime())
   */
  get(key: string, now: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (now >= entry.until) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /**
   * Stores `value` until `until` (ms); a value already expired at `now` is not stored.
   * @example cache.set(url, list, now + ttl, now)
   */
  set(key: string, value: V, until: number, now: number): void {
    this.entries.delete(key);
    if (until <= now) return;
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, until });
  }
}

/**
 * The cache of one deployment (its database) in `registry`, made on first use: two deployments in one
 * process (the tests run two) never share what they fetched.
 * @example const lists = cacheOf(fetchedLists, deps.db, 200);
 */
export function cacheOf<V>(
  registry: WeakMap<object, BoundedCache<V>>,
  owner: object,
  maxEntries: number,
): BoundedCache<V> {
  let cache = registry.get(owner);
  if (!cache) {
    cache = new BoundedCache<V>(maxEntries);
    registry.set(owner, cache);
  }
  return cache;
}
