import type { Principal } from '../../src/auth/principal.js';
import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential, hashedEmailIdentity } from '../../src/credentials/index.js';
import { today } from '../../src/kernel/ports.js';
import { admin, learner, opleider, praktijkopleider, werkgever } from './principals.js';
import { expectStatus, type Json, type TestTarget } from './target.js';

// The public URL of every test target (the worker's PUBLIC_URL in wrangler.toml, startTestApp's on Node):
// the did:web of every instelling and every status list URL.
export const PUBLIC_URL = 'http://localhost:8787';

/** Registers an instelling as the admin does. */
export const registerInstitution = (t: TestTarget, id: string) =>
  expectStatus(
    t.call('POST', '/institutions', {
      as: admin,
      body: { id, name: `Instelling ${id}`, kind: 'hbo', qualityAssurance: 'NVAO-accreditatie' },
    }),
    201,
  );

/** A shared framework with the given competencies (by their last path segment), as the admin adds them. */
export async function framework(t: TestTarget, slug: string, names: string[]): Promise<string[]> {
  const uri = `https://id.loopbrug.nl/eigen/${slug}`;
  const fw = await expectStatus(
    t.call('POST', '/frameworks', { as: admin, body: { uri, title: `Kader ${slug}`, kind: 'eigen' } }),
    201,
  );
  const uris = names.map((name) => `${uri}/${name}`);
  for (const [i, competency] of uris.entries())
    await expectStatus(
      t.call('POST', '/competencies', {
        as: admin,
        body: { frameworkId: fw.id, uri: competency, title: names[i] },
      }),
      201,
    );
  return uris;
}

/**
 * An instelling `slug` that is also an employer, one published module with one outcome, and a learner
 * on an agreed route to it with an assigned praktijkopleider: everything before the first sign-off.
 */
export async function agreedRoute(t: TestTarget, slug: string) {
  const school = opleider(slug);
  const post = (path: string, as: Principal, body?: unknown, status = 201) =>
    expectStatus(t.call('POST', path, { as, body }), status);
  await registerInstitution(t, slug);
  await post('/employers', admin, {
    id: slug,
    name: `Werkgever ${slug}`,
    sector: 'zorg',
    locations: [{ id: 'hoofd', name: 'Hoofdlocatie', city: 'Groningen' }],
  });
  const [competency] = await framework(t, slug, ['steunkousen']);
  const outcome = await post('/learning-outcomes', school, {
    code: 'LO-STK',
    title: 'Steunkousen',
    description: 'Trekt steunkousen veilig aan en uit.',
    competencies: [competency],
    assessmentMethod: 'observatie',
  });
  const module = await post('/modules', school, {
    code: 'STK',
    title: 'Steunkousen',
    description: '2 × 2 uur, beoordeeld door een begeleider.',
    outcomes: [outcome.id],
    studyLoad: { hours: 4 },
    deliveryModes: ['op-locatie'],
    startPattern: { kind: 'continuous' },
    price: { amountCents: 0 },
  });
  await post(`/modules/${module.id}/publish`, school, undefined, 200);
  const role = await post('/roles', admin, {
    employerId: slug,
    title: 'Mantelzorger',
    requirements: [{ competency, priority: 'essential' }],
  });

  const learnerAs = learner(`${slug}-leerling`);
  const enrolled = await post('/learners', learnerAs, { name: 'Ria Hoekstra', email: `ria@${slug}.example` });
  await post(`/learners/${enrolled.id}/grants`, learnerAs, {
    grantee: { kind: 'institution', id: slug },
    scope: ['profile'],
  });
  const route = await post('/routes', school, {
    learnerId: enrolled.id,
    roleId: role.id,
    hoursPerWeek: 4,
    startDate: today(t.deps),
  });
  const subject = `pol-${slug}`;
  const assessor = await post('/assessors', werkgever(slug), {
    name: 'Petra de Wit',
    email: `petra@${slug}.example`,
    subject,
  });
  await post(`/routes/${route.id}/assessors`, werkgever(slug), { assessorId: assessor.id });
  const assessorAs = praktijkopleider(slug, subject);
  for (const as of [school, assessorAs, learnerAs])
    await post(`/routes/${route.id}/approvals`, as, undefined, 200);
  return { routeId: route.id as string, outcomeId: outcome.id as string, school, assessorAs };
}

export type AgreedRoute = Awaited<ReturnType<typeof agreedRoute>>;

/** The assigned praktijkopleider signs off the module's only outcome as passed today: that completes it. */
export const signOff = (t: TestTarget, route: AgreedRoute) =>
  t.call('POST', `/routes/${route.routeId}/signoffs`, {
    as: route.assessorAs,
    body: {
      outcomeId: route.outcomeId,
      result: 'passed',
      date: today(t.deps),
      evidence: [{ kind: 'text', text: 'Geobserveerd tijdens de dienst.' }],
    },
  });

/**
 * The module credential the real flow issues: the last sign-off completes the module, and the
 * instelling issues its credential, with a revocation and a suspension entry.
 */
export async function signedOffCredential(
  t: TestTarget,
  slug: string,
): Promise<{ id: string; vc: Json; school: Principal }> {
  const route = await agreedRoute(t, slug);
  await expectStatus(signOff(t, route), 201);
  const issued = await expectStatus(
    t.call('GET', `/routes/${route.routeId}/credentials`, { as: route.school }),
    200,
  );
  if (issued.items.length !== 1) throw new Error(`expected one credential, got ${issued.items.length}`);
  return { id: issued.items[0].id, vc: issued.items[0].verifiableCredential, school: route.school };
}

/** POST /credentials/verify, no token: what any verifier gets. */
export const verify = (t: TestTarget, verifiableCredential: unknown) =>
  t.call('POST', '/credentials/verify', { body: { verifiableCredential } });

/** The check of a verification answer by name. */
export const checkOf = (body: Json, name: string) =>
  (body.checks as { check: string; ok: boolean; message?: string }[]).find((c) => c.check === name);

/** A module credential about the learner with `email` teaching `competency`: `institution` issues it. */
async function moduleCredential(
  t: TestTarget,
  institution: string,
  competency: string,
  email: string,
): Promise<Json> {
  const input = sampleInput(t.deps, institution);
  const code = competency.split('/').at(-1) ?? competency;
  const credential = buildModuleCredential({
    ...input,
    learner: { name: 'Krista de Boer', identifier: await hashedEmailIdentity(email, crypto.randomUUID()) },
    moduleVersion: {
      ...input.moduleVersion,
      id: `${PUBLIC_URL}/modules/${code}/versions/1`,
      code,
      title: code,
      competencies: [{ uri: competency, title: code }],
    },
    outcomes: [
      {
        id: 'lo-1',
        title: code,
        description: code,
        competencies: [competency],
        assessmentMethod: 'praktijktoets',
      },
    ],
    stackability: [],
  });
  const res = await expectStatus(
    t.call('POST', '/credentials/issue', { as: opleider(institution), body: { credential } }),
    201,
  );
  return res.verifiableCredential;
}

/**
 * Everything before awarding a qualification from the credentials of two instellingen: instelling
 * `awarding` with qualification LER-2G (all of two competencies), a learner who granted it access, and
 * her two module credentials, `parts`: one from instelling `partner`, one from `awarding` itself.
 * `awarding` does not recognise `partner` yet: `recognise()` does. `award(target?, as?)` asks for the
 * award, by an opleider of `awarding`, of `t` or of another target on the same D1.
 */
export async function stackedQualification(t: TestTarget, awarding: string, partner: string) {
  await registerInstitution(t, awarding);
  await registerInstitution(t, partner);
  const [vakinhoud, didactiek] = (await framework(t, awarding, ['vakinhoud', 'vakdidactiek'])) as [
    string,
    string,
  ];
  const school = opleider(awarding);
  const qualification = await expectStatus(
    t.call('POST', '/qualifications', {
      as: school,
      body: {
        code: 'LER-2G',
        title: 'Tweedegraads leraar',
        level: 'hbo-bachelor',
        admission: { entryLevel: 'hbo-bachelor' },
        stackRule: { groups: [{ title: 'Alles', kind: 'all-of', competencies: [vakinhoud, didactiek] }] },
      },
    }),
    201,
  );
  const learnerAs = learner(`${awarding}-krista`);
  const email = `krista@${awarding}.example`;
  const enrolled = await expectStatus(
    t.call('POST', '/learners', { as: learnerAs, body: { name: 'Krista de Boer', email } }),
    201,
  );
  await expectStatus(
    t.call('POST', `/learners/${enrolled.id}/grants`, {
      as: learnerAs,
      body: { grantee: { kind: 'institution', id: awarding }, scope: ['profile'] },
    }),
    201,
  );
  const parts = [
    await moduleCredential(t, partner, vakinhoud, email),
    await moduleCredential(t, awarding, didactiek, email),
  ];
  return {
    qualificationId: qualification.id as string,
    learnerId: enrolled.id as string,
    learnerAs,
    school,
    parts,
    recognise: () =>
      expectStatus(
        t.call('POST', `/institutions/${awarding}/recognitions`, { as: school, body: { issuer: partner } }),
        201,
      ),
    award: (target: TestTarget = t, as: Principal = school) =>
      target.call('POST', `/qualifications/${qualification.id}/awards`, {
        as,
        body: { learnerId: enrolled.id, credentials: parts },
      }),
  };
}
