import type { Principal } from '../../../src/auth/principal.js';
import type { AppDeps } from '../../../src/http/app-env.js';
import { recordSignoff } from '../../../src/signoffs/index.js';
import { competencyUri } from './generate-catalog.js';

type App = { request: (path: string, init: RequestInit) => Response | Promise<Response> };
type Token = (principal: Principal) => Promise<string>;

const admin: Principal = { sub: 'bench', role: 'admin' };
const opleider: Principal = { sub: 'opleider', role: 'opleider', institution: 'bench' };
const werkgever: Principal = { sub: 'werkgever', role: 'werkgever', employer: 'bench-werk' };
const praktijkopleider: Principal = { sub: 'pol', role: 'praktijkopleider', employer: 'bench-werk' };

/**
 * A cohort of `size` learners on the catalog of `generateCatalog(deps, { modules: 1, competencies: 1 })`:
 * each registers, grants the instelling access, gets a route for a one-competency role (one module of
 * one outcome) that all three parties agree on, and has that outcome signed off through `recordSignoff`
 * — the store alone, so nothing is issued yet: every learner is owed one module credential.
 * The setup goes through the real app in-process (no network), as the API would be called.
 */
export async function generateCohort(
  deps: AppDeps,
  app: App,
  token: Token,
  { size = 1000, onProgress = (_done: number) => {} } = {},
): Promise<{ routes: string[] }> {
  const tokens = new Map<string, string>();
  const bearer = async (p: Principal) => {
    const key = JSON.stringify(p);
    let t = tokens.get(key);
    if (!t) {
      t = await token(p);
      if (p.role !== 'learner') tokens.set(key, t);
    }
    return t;
  };
  const call = async (method: string, path: string, as: Principal, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { authorization: `Bearer ${await bearer(as)}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as { id: string };
  };
  await call('POST', '/employers', admin, { id: 'bench-werk', name: 'Zorggroep Bench', sector: 'zorg' });
  const role = await call('POST', '/roles', admin, {
    employerId: 'bench-werk',
    title: 'Helpende',
    requirements: [{ competency: competencyUri(0), priority: 'essential' }],
  });
  const assessor = await call('POST', '/assessors', admin, {
    employerId: 'bench-werk',
    name: 'Petra de Wit',
    email: 'petra@example.nl',
    subject: praktijkopleider.sub,
  });
  const outcome = await deps.db.kysely
    .selectFrom('learning_outcome')
    .select('id')
    .where('code', '=', 'LO-0')
    .executeTakeFirstOrThrow();
  const today = new Date().toISOString().slice(0, 10);
  const routes: string[] = [];
  for (let i = 0; i < size; i++) {
    const me: Principal = { sub: `lerende-${i}`, role: 'learner' };
    const learner = await call('POST', '/learners', me, {
      name: `Lerende ${i}`,
      email: `lerende-${i}@example.nl`,
    });
    await call('POST', `/learners/${learner.id}/grants`, me, {
      grantee: { kind: 'institution', id: 'bench' },
      scope: ['profile', 'evidence'],
    });
    const route = await call('POST', '/routes', opleider, {
      learnerId: learner.id,
      roleId: role.id,
      hoursPerWeek: 8,
      startDate: today,
    });
    await call('POST', `/routes/${route.id}/assessors`, werkgever, { assessorId: assessor.id });
    for (const as of [opleider, praktijkopleider, me])
      await call('POST', `/routes/${route.id}/approvals`, as);
    await recordSignoff(deps, praktijkopleider, route.id, {
      outcomeId: outcome.id,
      result: 'passed',
      date: today,
      evidence: [
        { kind: 'text', text: `Praktijktoets van lerende ${i}, volgens het beoordelingsformulier.` },
      ],
    });
    routes.push(route.id);
    if ((i + 1) % 100 === 0) onProgress(i + 1);
  }
  return { routes };
}
