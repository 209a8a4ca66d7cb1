import { env } from 'cloudflare:test';
import type { D1Database, D1PreparedStatement } from '@cloudflare/workers-types';
import { d1Target } from './d1-target.js';

/**
 * The worker on the real D1 database, as a target (d1Target), except that the first write batch whose
 * SQL `matches` is held until a second such batch is sent; then the first runs, then the second. So two requests that race
 * for the same write both read before either writes, every time, and the second's guards decide.
 * `held` resolves once the first batch waits; `open()` lets it go (should no second batch come);
 * `raced()` says whether a second batch came, i.e. whether the two requests really raced.
 */
export function racingWorker(matches: (sql: string) => boolean) {
  let open = () => {};
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  let signalHeld = () => {};
  const held = new Promise<void>((resolve) => {
    signalHeld = resolve;
  });
  let first: Promise<unknown> | undefined;
  let raced = false;
  // D1 statements do not show their SQL: remember it for each statement the app binds.
  const sqlOf = new WeakMap<D1PreparedStatement, string>();
  const real = env.DB;
  const racing = new Proxy(real, {
    get(target, prop) {
      if (prop === 'prepare')
        return (query: string) => {
          const statement = target.prepare(query);
          return new Proxy(statement, {
            get(s, p) {
              if (p === 'bind')
                return (...values: unknown[]) => {
                  const bound = s.bind(...values);
                  sqlOf.set(bound, query);
                  return bound;
                };
              const value = Reflect.get(s, p);
              return typeof value === 'function' ? value.bind(s) : value;
            },
          });
        };
      if (prop === 'batch')
        return async (statements: D1PreparedStatement[]) => {
          if (!statements.some((s) => matches(sqlOf.get(s) ?? ''))) return target.batch(statements);
          if (!first) {
            first = opened.then(() => target.batch(statements));
            signalHeld();
            return first;
          }
          raced = true;
          open();
          await first.catch(() => undefined);
          return target.batch(statements);
        };
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as D1Database;
  return { target: d1Target(racing), held, open, raced: () => raced };
}
