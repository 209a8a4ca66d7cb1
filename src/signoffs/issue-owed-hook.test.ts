import { OpenAPIHono } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { praktijkopleider, startScenarioApp } from '../../tests/support/scenario-app.js';
import { opleider } from '../../tests/support/test-app.js';
import type { Principal } from '../auth/principal.js';
import type { AppEnv } from '../http/app-env.js';
import { renderProblem } from '../http/problem.js';
import { runPendingJobs, settleModuleCredentials } from '../issuance/index.js';
import { type Logger, memoryLogger } from '../kernel/logger.js';
import { type SettleCredentials, signoffRoutes } from './routes.js';

/**
 * The sign-off routes alone, with the settling step given, on a scenario app's deps and `log`; `call`
 * posts as a principal.
 */
function signoffApp(s: Awaited<ReturnType<typeof startScenarioApp>>, log: Logger, step: SettleCredentials) {
  const app = new OpenAPIHono<AppEnv>();
  app.onError(renderProblem);
  app.use('*', async (c, next) => {
    c.set('deps', { ...s.t.deps, log });
    c.set('principal', JSON.parse(c.req.header('x-test-principal') ?? '{}') as Principal);
    await next();
  });
  app.route('/', signoffRoutes(step));
  const call = (path: string, as: Principal, body?: object) =>
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-principal': JSON.stringify(as) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  return call;
}

// The sign-off routes with a settling step that always fails, called as a given principal.
describe('the settling step the sign-off routes are given', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  const log = memoryLogger();
  let calls: string[];
  let call: ReturnType<typeof signoffApp>;

  beforeAll(async () => {
    s = await startScenarioApp();
    calls = [];
    call = signoffApp(s, log, async (_deps, _actor, routeId) => {
      calls.push(routeId);
      throw new Error('the issuer is down');
    });
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

// The sign-off routes with the real settling step, except that it fails when told to: a correction
// whose suspension was lost is caught up by a reconcile, or by the sweep.
describe('a suspension the step after a correction failed to make', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  const log = memoryLogger();
  let failNext = false;
  let post: ReturnType<typeof signoffApp>;
  const settle: SettleCredentials = async (deps, actor, routeId) => {
    if (failNext) {
      failNext = false;
      throw new Error('the status list could not be written');
    }
    return settleModuleCredentials(deps, actor, routeId);
  };
  const call = async (path: string, as: Principal, body?: object) => {
    const res = await post(path, as, body);
    return { status: res.status, body: (await res.json()) as { signoff: { id: string } } };
  };
  const gerrit = praktijkopleider('de-hoven', 'pol-de-hoven-1');
  const credentialOf = (routeId: string) =>
    s.t.db.sqlite.prepare('SELECT id, suspended_at FROM credential WHERE route_id = ?').all(routeId) as {
      id: string;
      suspended_at: string | null;
    }[];

  beforeAll(async () => {
    s = await startScenarioApp();
    post = signoffApp(s, log, settle);
  }, 30_000);

  /** A route whose DH-WAK was passed (its credential issued), then corrected while settling failed. */
  async function correctedWhileSettlingFailed(sub: string) {
    const { routeId } = await s.agreedRoute({
      sub,
      institution: 'de-hoven',
      employer: 'de-hoven',
      role: 'de-hoven/Zorgondersteuner / mantelzorger',
      assessors: ['pol-de-hoven-1'],
    });
    const body = {
      outcomeId: s.outcomeId('de-hoven', 'DH-LU-WAK'),
      result: 'passed',
      date: '2026-11-20',
      evidence: [{ kind: 'text', text: 'Geobserveerd.' }],
    };
    const passed = await call(`/routes/${routeId}/signoffs`, gerrit, body);
    expect(passed.status).toBe(201);
    const [issued] = credentialOf(routeId);
    expect(issued).toMatchObject({ suspended_at: null });
    failNext = true;
    const corrected = await call(`/routes/${routeId}/signoffs`, gerrit, {
      ...body,
      result: 'not-yet',
      supersedes: passed.body.signoff.id,
      reason: 'De toets is niet volgens het beoordelingsformulier afgenomen.',
    });
    // The correction stands; the credential did not follow it yet, and the failure is logged.
    expect(corrected.status).toBe(201);
    expect(failNext).toBe(false);
    expect(credentialOf(routeId)).toEqual([issued]);
    expect(log.lines).toContainEqual(expect.objectContaining({ level: 'error', routeId }));
    return { routeId, credentialId: issued?.id, correctionId: corrected.body.signoff.id };
  }

  it('is made by the next reconcile, naming the correction', async () => {
    const { routeId, credentialId, correctionId } = await correctedWhileSettlingFailed('lost-suspension');
    expect((await call(`/routes/${routeId}/signoffs/reconcile`, opleider('de-hoven'))).status).toBe(200);
    expect(credentialOf(routeId)).toEqual([{ id: credentialId, suspended_at: expect.any(String) }]);
    const event = s.t.db.sqlite
      .prepare(
        "SELECT actor, detail FROM audit_event WHERE action = 'credential.suspended' AND resource_id = ?",
      )
      .get(credentialId) as { actor: string; detail: string };
    expect(event.actor).toBe('opleider:opleider-de-hoven');
    expect(JSON.parse(event.detail)).toMatchObject({
      reason: 'De toets is niet volgens het beoordelingsformulier afgenomen.',
      correction: correctionId,
    });
  });

  it('is made by the sweep when nobody reconciles', async () => {
    const { routeId, credentialId } = await correctedWhileSettlingFailed('swept-suspension');
    expect(await runPendingJobs(s.t.deps)).toMatchObject({ issued: 0, corrected: 1 });
    expect(credentialOf(routeId)).toEqual([{ id: credentialId, suspended_at: expect.any(String) }]);
    expect(await runPendingJobs(s.t.deps)).toMatchObject({ corrected: 0 });
  });
});
