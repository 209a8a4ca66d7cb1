import { createExecutionContext, createScheduledController, env } from 'cloudflare:test';
import type { D1Database } from '@cloudflare/workers-types';
import { afterEach, describe, expect, it, vi } from 'vitest';
import worker from '../../src/runtime/workers/worker.js';
import type { TestTarget } from '../support/target.js';
import { agreedRoute, signOff } from './builders.js';
import { d1Target } from './d1-target.js';

const t = d1Target();

const CREDENTIAL_INSERT = /^\s*insert\s+into\s+"?credential"?[\s(]/i;

/**
 * The worker on the real D1, except that storing a credential fails, as if the worker died while
 * issuing: everything else the request writes is written.
 */
function crashingWhileIssuing(): TestTarget {
  const crashing = new Proxy(env.DB, {
    get(target, prop) {
      if (prop === 'prepare')
        return (query: string) => {
          if (CREDENTIAL_INSERT.test(query)) throw new Error('the worker died while issuing');
          return target.prepare(query);
        };
      const value = Reflect.get(target, prop);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  }) as D1Database;
  return d1Target(crashing);
}

/** Runs the worker's cron trigger as Cloudflare would, and gives the count its log line reports. */
async function runCron(): Promise<unknown> {
  const log = vi.spyOn(console, 'log');
  await worker.scheduled(
    createScheduledController({ cron: '*/15 * * * *', scheduledTime: Date.now() }),
    env,
    createExecutionContext(),
  );
  const lines = log.mock.calls.flatMap(([line]) => {
    try {
      return [JSON.parse(String(line)) as { message?: string; issued?: unknown }];
    } catch {
      return [];
    }
  });
  log.mockRestore();
  return lines.find((line) => line.message === 'owed credentials swept')?.issued;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the scheduled handler on workerd with D1', () => {
  it('issues the credentials completed modules are owed after issuing failed, once, in one batch', async () => {
    const routes: Awaited<ReturnType<typeof agreedRoute>>[] = [];
    for (const n of [1, 2, 3]) {
      const route = await agreedRoute(t, `sweep-${n}`);
      // The sign-off stands although issuing failed: the module is complete and its credential owed.
      const signed = await signOff(crashingWhileIssuing(), route);
      expect(signed.status, JSON.stringify(signed.body)).toBe(201);
      routes.push(route);
    }
    const credentials = (route: (typeof routes)[number]) =>
      t.call('GET', `/routes/${route.routeId}/credentials`, { as: route.school });
    for (const route of routes) expect((await credentials(route)).body.items).toEqual([]);

    // The three routes are one batch: read together, signed, and stored in one D1 batch.
    expect(await runCron()).toBe(3);
    for (const route of routes) {
      const issued = (await credentials(route)).body.items;
      expect(issued).toHaveLength(1);
      const verified = await t.call('POST', '/credentials/verify', {
        body: { verifiableCredential: issued[0].verifiableCredential },
      });
      expect(verified.status, JSON.stringify(verified.body)).toBe(200);
    }

    // The next run finds nothing owed.
    expect(await runCron()).toBe(0);
    for (const route of routes) expect((await credentials(route)).body.items).toHaveLength(1);
  });
});
