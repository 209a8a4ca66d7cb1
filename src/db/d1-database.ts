import type { D1Database } from '@cloudflare/workers-types';
import { type Compilable, Kysely } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import { type Database, toConstraintError } from './database.js';
import type { Schema } from './schema.js';

/**
 * Wraps a D1 binding; writes that belong together go in one D1 batch, which D1 runs as a transaction.
 * @example const db = openD1Database(env.DB);
 */
export function openD1Database(d1: D1Database): Database {
  return {
    kysely: new Kysely<Schema>({ dialect: new D1Dialect({ database: d1 }) }),
    async atomically(writes: readonly Compilable[]) {
      const statements = writes.map((write) => {
        const { sql, parameters } = write.compile();
        return d1.prepare(sql).bind(...parameters);
      });
      try {
        await d1.batch(statements);
      } catch (error) {
        throw toConstraintError(error) ?? error;
      }
    },
  };
}
