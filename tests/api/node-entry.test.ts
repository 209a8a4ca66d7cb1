import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StartedServer, startNodeEntry } from '../support/node-entry.js';

const root = new URL('../../', import.meta.url).pathname;
const tsx = (script: string, args: string[], env: NodeJS.ProcessEnv) =>
  execFileSync(process.execPath, ['--import', 'tsx', join(root, script), ...args], { env, cwd: root })
    .toString()
    .trim();

describe('npm start on a fresh data directory', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'loopbrug-start-'));
  const env = { ...process.env, DATA_DIR: dataDir, PORT: '0' };
  let started: StartedServer;
  let output = '';
  let base = '';

  beforeAll(async () => {
    started = await startNodeEntry(env, 'other tokens');
    base = started.base;
    output = started.output();
  }, 100_000);

  afterAll(() => {
    started.server.kill();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates, loads the fixtures and prints where to look', () => {
    expect(output).toContain(join(dataDir, 'loopbrug.db'));
    expect(output).toContain('migrated: 0001_catalog.sql');
    expect(output).toMatch(/fixtures\s+7 instellingen/);
    expect(output).toContain('/docs');
  });

  it('serves the API to a token from `npm run token`, signed with the key it keeps in DATA_DIR', async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const token = tsx('src/runtime/node/token-cli.ts', ['--role', 'werkgever', '--employer', 'ksu'], env);
    const roles = await fetch(`${base}/roles?employer=ksu`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(roles.status).toBe(200);
    const body = (await roles.json()) as { items: { title: string }[] };
    expect(body.items.length).toBeGreaterThan(0);
    expect((await fetch(`${base}/roles`)).status).toBe(401);
  }, 30_000);

  it('refuses to print a token that would not be valid', () => {
    expect(() => tsx('src/runtime/node/token-cli.ts', ['--role', 'opleider'], env)).toThrow();
  }, 30_000);
});
