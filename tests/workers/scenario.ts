import { sampleInput } from '../../src/credentials/fixtures.test-support.js';
import { buildModuleCredential, hashedEmailIdentity } from '../../src/credentials/index.js';
import { publicUrls } from '../../src/kernel/urls.js';
import { call, expectCall, type Json, type Target } from './worker-client.js';

// The worker's PUBLIC_URL (wrangler.toml): the did:web of every instelling and every status list URL.
export const PUBLIC_URL = 'http://localhost:8787';

/** The claims of a bearer token, as `call` takes them. */
export type Principal = Record<string, string>;

export const admin = { role: 'admin' };
export const opleider = (institution: string) => ({ role: 'opleider', institution });
export const werkgever = (employer: string) => ({ role: 'werkgever', employer });
export const learnerOf = (sub: string) => ({ role: 'learner', sub });

/** Today on the worker's clock (UTC), the latest day a sign-off may name. */
export const today = () => new Date().toISOString().slice(0, 10);

/** Registers an instelling as the admin does. */
export const registerInstitution = (id: string) =>
  expectCall(201, 'POST', '/institutions', admin, {
    id,
    name: `Instelling ${id}`,
    kind: 'hbo',
    qualityAssurance: 'NVAO-accreditatie',
  });

/** A shared framework with the given competencies (by their last path segment), as the admin adds them. */
export async function framework(slug: string, names: string[]): Promise<string[]> {
  const uri = `https://id.loopbrug.nl/eigen/${slug}`;
  const fw = await expectCall(201, 'POST', '/frameworks', admin, {
    uri,
    title: `Kader ${slug}`,
    kind: 'eigen',
  });
  const uris = names.map((name) => `${uri}/${name}`);
  for (const [i, competency] of uris.entries())
    await expectCall(201, 'POST', '/competencies', admin, {
      frameworkId: fw.id,
      uri: competency,
      title: names[i],
    });
  return uris;
}

/**
 * An instelling `slug` that is also an employer, one published module with one outcome, and a learner
 * on an agreed route to it with an assigned praktijkopleider: everything before the first sign-off.
 */
export async function agreedRoute(slug: string) {
  const school = opleider(slug);
  await registerInstitution(slug);
  await expectCall(201, 'POST', '/employers', admin, {
    id: slug,
    name: `Werkgever ${slug}`,
    sector: 'zorg',
    locations: [{ id: 'hoofd', name: 'Hoofdlocatie', city: 'Groningen' }],
  });
  const [competency] = await framework(slug, ['steunkousen']);
  const outcome = await expectCall(201, 'POST', '/learning-outcomes', school, {
    code: 'LO-STK',
    title: 'Steunkousen',
    description: 'Trekt steunkousen veilig aan en uit.',
    competencies: [competency],
    assessmentMethod: 'observatie',
  });
  const module = await expectCall(201, 'POST', '/modules', school, {
    code: 'STK',
    title: 'Steunkousen',
    description: '2 × 2 uur, beoordeeld door een begeleider.',
    outcomes: [outcome.id],
    studyLoad: { hours: 4 },
    deliveryModes: ['op-locatie'],
    startPattern: { kind: 'continuous' },
    price: { amountCents: 0 },
  });
  await expectCall(200, 'POST', `/modules/${module.id}/publish`, school);
  const role = await expectCall(201, 'POST', '/roles', admin, {
    employerId: slug,
    title: 'Mantelzorger',
    requirements: [{ competency, priority: 'essential' }],
  });

  const learnerAs = learnerOf(`${slug}-leerling`);
  const learner = await expectCall(201, 'POST', '/learners', learnerAs, {
    name: 'Ria Hoekstra',
    email: `ria@${slug}.example`,
  });
  await expectCall(201, 'POST', `/learners/${learner.id}/grants`, learnerAs, {
    grantee: { kind: 'institution', id: slug },
    scope: ['profile'],
  });
  const route = await expectCall(201, 'POST', '/routes', school, {
    learnerId: learner.id,
    roleId: role.id,
    hoursPerWeek: 4,
    startDate: today(),
  });
  const subject = `pol-${slug}`;
  const assessor = await expectCall(201, 'POST', '/assessors', werkgever(slug), {
    name: 'Petra de Wit',
    email: `petra@${slug}.example`,
    subject,
  });
  await expectCall(201, 'POST', `/routes/${route.id}/assessors`, werkgever(slug), {
    assessorId: assessor.id,
  });
  const assessorAs = { role: 'praktijkopleider', employer: slug, sub: subject };
  for (const as of [school, assessorAs, learnerAs])
    await expectCall(200, 'POST', `/routes/${route.id}/approvals`, as);
  return { routeId: route.id as string, outcomeId: outcome.id as string, school, assessorAs };
}

export type AgreedRoute = Awaited<ReturnType<typeof agreedRoute>>;

/** The assigned praktijkopleider signs off the module's only outcome as passed today: that completes it. */
export const signOff = (route: AgreedRoute, target?: Target) =>
  call(
    'POST',
    `/routes/${route.routeId}/signoffs`,
    route.assessorAs,
    {
      outcomeId: route.outcomeId,
      result: 'passed',
      date: today(),
      evidence: [{ kind: 'text', text: 'Geobserveerd tijdens de dienst.' }],
    },
    target,
  );

/**
 * The module credential the real flow issues: the last sign-off completes the module, and the
 * instelling issues its credential, with a revocation and a suspension entry.
 */
export async function signedOffCredential(
  slug: string,
): Promise<{ id: string; vc: Json; school: Principal }> {
  const route = await agreedRoute(slug);
  const signed = await signOff(route);
  if (signed.status !== 201) throw new Error(`sign-off: ${signed.status} ${JSON.stringify(signed.body)}`);
  const issued = await expectCall(200, 'GET', `/routes/${route.routeId}/credentials`, route.school);
  if (issued.items.length !== 1) throw new Error(`expected one credential, got ${issued.items.length}`);
  return { id: issued.items[0].id, vc: issued.items[0].verifiableCredential, school: route.school };
}

/** POST /credentials/verify, no token: what any verifier gets. */
export const verify = (verifiableCredential: unknown) =>
  call('POST', '/credentials/verify', undefined, { verifiableCredential });

/** The check of a verification answer by name. */
export const checkOf = (body: Json, name: string) =>
  (body.checks as { check: string; ok: boolean; message?: string }[]).find((c) => c.check === name);

// sampleInput reads nothing but the public URLs from its deps.
const sampleDeps = { urls: publicUrls(PUBLIC_URL) };

/** A module credential about the learner with `email` teaching `competency`: `institution` issues it. */
async function moduleCredential(institution: string, competency: string, email: string): Promise<Json> {
  const input = sampleInput(sampleDeps, institution);
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
  const res = await expectCall(201, 'POST', '/credentials/issue', opleider(institution), { credential });
  return res.verifiableCredential;
}

/**
 * Everything before awarding a qualification from the credentials of two instellingen: instelling
 * `awarding` with qualification LER-2G (all of two competencies), a learner who granted it access, and
 * her two module credentials, `parts`: one from instelling `partner`, one from `awarding` itself.
 * `awarding` does not recognise `partner` yet: `recognise()` does. `award(target?, as?)` asks for the
 * award, by an opleider of `awarding`.
 */
export async function stackedQualification(awarding: string, partner: string) {
  await registerInstitution(awarding);
  await registerInstitution(partner);
  const [vakinhoud, didactiek] = (await framework(awarding, ['vakinhoud', 'vakdidactiek'])) as [
    string,
    string,
  ];
  const school = opleider(awarding);
  const qualification = await expectCall(201, 'POST', '/qualifications', school, {
    code: 'LER-2G',
    title: 'Tweedegraads leraar',
    level: 'hbo-bachelor',
    admission: { entryLevel: 'hbo-bachelor' },
    stackRule: { groups: [{ title: 'Alles', kind: 'all-of', competencies: [vakinhoud, didactiek] }] },
  });
  const learnerAs = learnerOf(`${awarding}-krista`);
  const email = `krista@${awarding}.example`;
  const learner = await expectCall(201, 'POST', '/learners', learnerAs, { name: 'Krista de Boer', email });
  await expectCall(201, 'POST', `/learners/${learner.id}/grants`, learnerAs, {
    grantee: { kind: 'institution', id: awarding },
    scope: ['profile'],
  });
  const parts = [
    await moduleCredential(partner, vakinhoud, email),
    await moduleCredential(awarding, didactiek, email),
  ];
  return {
    qualificationId: qualification.id as string,
    learnerId: learner.id as string,
    learnerAs,
    school,
    parts,
    recognise: () =>
      expectCall(201, 'POST', `/institutions/${awarding}/recognitions`, school, { issuer: partner }),
    award: (target?: Target, as: Principal = school) =>
      call(
        'POST',
        `/qualifications/${qualification.id}/awards`,
        as,
        { learnerId: learner.id, credentials: parts },
        target,
      ),
  };
}
