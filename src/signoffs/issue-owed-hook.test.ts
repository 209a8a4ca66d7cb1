import { OpenAPIHono } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { praktijkopleider, startScenarioApp } from '../../tests/support/scenario-app.js';
import { opleider } from '../../tests/support/test-app.js';
import type { Principal } from '../auth/principal.js';
import type { AppEnv } from '../http/app-env.js';
import { renderProblem } from '../http/problem.js';
import { memoryLogger } from '../kernel/logger.js';
import { signoffRoutes } from './routes.js';

// The sign-off routes with an issuing step that always fails, called as a given principal.
describe('the issuing step the sign-off routes are given', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  const log = memoryLogger();
  let calls: string[];
  let app: OpenAPIHono<AppEnv>;
  const call = (path: string, as: Principal, body?: object) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-principal': JSON.stringify(as) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });

  beforeAll(async () => {
    s = await startScenarioApp();
    calls = [];
    app = new OpenAPIHono<AppEnv>();
    app.onError(renderProblem);
    app.use('*', async (c, next) => {
      c.set('deps', { ...s.t.deps, log });
      c.set('principal', JSON.parse(c.req.header('x-test-principal') ?? '{}') as Principal);
      await next();
    });
    app.route(
      '/',
      signoffRoutes(async (_deps, _actor, routeId) => {
        calls.push(routeId);
        throw new Error('the issuer is down');
      }),
    );
  }, 30_000);

  it('after a sign-off that completes a module: the sign-off stands and the failure is logged', async () => {
    const { routeId } = await s.agreedRoute({
      sub: 'hook-hoven',
      institution: 'de-hoven',
      employer: 'de-hoven',
      role: 'de-hoven/Zorgondersteuner / mantelzorger',
      assessors: ['pol-de-hoven-1'],
    });
    const res = await call(`/routes/${routeId}/signoffs`, praktijkopleider('de-hoven', 'pol-de-hoven-1'), {
      outcomeId: s.outcomeId('de-hoven', 'DH-LU-WAK'),
      result: 'passed',
      date: '2026-11-20',
      evidence: [{ kind: 'text', text: 'Geobserveerd.' }],
    });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(((await res.json()) as { module: { completed: boolean } }).module.completed).toBe(true);
    expect(calls).toEqual([routeId]);
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'error', routeId }));

    // A reconcile is the repair: there a failing issuing step fails the request.
    const reconcile = await call(`/routes/${routeId}/signoffs/reconcile`, opleider('de-hoven'));
    expect(reconcile.status).toBe(500);
    expect(calls).toEqual([routeId, routeId]);
  });
});
