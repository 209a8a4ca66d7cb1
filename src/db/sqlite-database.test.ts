// Group commit (sqlite-database.ts): transactions asked for together share one SQLite commit, and
// each still succeeds or fails alone, as if it had run by itself.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Compilable, sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { ConstraintError } from './database.js';
import { openSqliteDatabase } from './sqlite-database.js';

function database() {
  const db = openSqliteDatabase(join(mkdtempSync(join(tmpdir(), 'loopbrug-group-')), 'g.db'));
  db.sqlite.exec('CREATE TABLE item (id TEXT PRIMARY KEY, note TEXT NOT NULL)');
  const insert = (id: string, note = 'x'): Compilable => ({
    compile: () => sql`INSERT INTO item (id, note) VALUES (${id}, ${note})`.compile(db.kysely),
  });
  const ids = () =>
    (db.sqlite.prepare('SELECT id FROM item ORDER BY id').all() as { id: string }[]).map((r) => r.id);
  return { db, insert, ids };
}

describe('atomically on SQLite (group commit)', () => {
  it('commits the transactions asked for together, and rolls back only the one that fails, whole', async () => {
    const { db, insert, ids } = database();
    await db.atomically([insert('taken')]);
    const outcomes = await Promise.allSettled([
      db.atomically([insert('a1'), insert('a2')]),
      // Its first insert is fine, its second breaks the primary key: neither may stay.
      db.atomically([insert('b1'), insert('taken')]),
      db.atomically([insert('c1')]),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    const refused = (outcomes[1] as PromiseRejectedResult).reason;
    expect(refused).toBeInstanceOf(ConstraintError);
    expect((refused as ConstraintError).kind).toBe('unique');
    expect(ids()).toEqual(['a1', 'a2', 'c1', 'taken']);
    expect(db.sqlite.inTransaction).toBe(false);
  });

  it('runs each transaction of a group whose commit fails again by itself: each gets its own outcome', async () => {
    const { db, insert, ids } = database();
    // A deferred foreign key is checked at COMMIT: the group's commit fails, though only one broke it.
    db.sqlite.exec(
      'CREATE TABLE child (id TEXT PRIMARY KEY, parent TEXT REFERENCES item(id) DEFERRABLE INITIALLY DEFERRED)',
    );
    const orphan: Compilable = {
      compile: () => sql`INSERT INTO child (id, parent) VALUES ('c', 'nobody')`.compile(db.kysely),
    };
    const outcomes = await Promise.allSettled([db.atomically([insert('a')]), db.atomically([orphan])]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(ConstraintError);
    expect(ids()).toEqual(['a']);
    expect(db.sqlite.prepare('SELECT count(*) AS n FROM child').get()).toEqual({ n: 0 });
    expect(db.sqlite.inTransaction).toBe(false);
  });
});
