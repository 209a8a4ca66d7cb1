// What both bare baselines of the credentials benchmark do besides signing, in one place: a status entry
// shaped like ours, and a durable SQLite insert. It loads none of the signing libraries, so the published
// signer (published-signer.ts) can use it and still run them as published.
import Database from 'better-sqlite3';
import { statusEntry } from '../../../src/credentials/status-list-credential.js';
import type { JsonObject } from '../../../src/credentials/vc-library.js';

/**
 * A BitstringStatusListEntry shaped like ours (random index, a list URL of this service): the bare
 * baselines sign it too, so that both sides sign documents of the same size. Nothing is allocated:
 * which index is free is the service's work, not the library's.
 * @example { ...credential, credentialStatus: statusEntryLikeOurs(deps.urls.base) }
 */
export function statusEntryLikeOurs(publicUrl: string): JsonObject {
  const index = (crypto.getRandomValues(new Uint32Array(1))[0] ?? 0) % 131_072;
  return statusEntry(`${publicUrl}/status-lists/${crypto.randomUUID()}`, index);
}

/**
 * A table of issued credentials in a SQLite file, committed as durably as the service's database
 * (`synchronous` as its pragma reads): the least a credential service stores.
 * @example const store = bareCredentialStore(`${dbPath}.bare`, 2); store(id, JSON.stringify(signed));
 */
export function bareCredentialStore(databasePath: string, synchronous: number) {
  const sqlite = new Database(databasePath);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${synchronous}`);
  sqlite.exec('CREATE TABLE IF NOT EXISTS credential (id TEXT PRIMARY KEY, document TEXT NOT NULL)');
  const insert = sqlite.prepare('INSERT INTO credential (id, document) VALUES (?, ?)');
  return (id: string, document: string): void => void insert.run(id, document);
}
