import { beforeEach, describe, expect, it } from 'vitest';
import type { GrantScope } from '../../schemas/learners.js';
import { KD, seedCatalog, VIG_COMPETENCIES } from '../../tests/support/catalog-builders.js';
import { admin, opleider, startTestApp, werkgever } from '../../tests/support/test-app.js';
import { learnerRules } from '../access/index.js';
import type { Principal } from '../auth/principal.js';
import type { Deps } from '../kernel/ports.js';
import { loadLearnerFacts } from './learner-facts.js';
import { loadPlanningFacts } from './planning-facts.js';

const learner = (sub: string): Principal => ({ sub, role: 'learner' });
const rianne = learner('rianne');
const janneke = learner('janneke');
const willem = learner('willem');
const rivor = opleider('roc-rivor');
const han = opleider('han');
const ksu = werkgever('ksu');
const praktijkopleiderKsu: Principal = { sub: 'pol-ksu', role: 'praktijkopleider', employer: 'ksu' };

const BHV = `${KD}/vig/bhv`;
const RISICO = `${KD}/vig/b1-k1-w1`;
const ZORGPLAN = `${KD}/vig/b1-k1-w2`;

const profielRianne = {
  talenten: ['Geduldig', 'Ziet wat mensen nodig hebben'],
  skills: ['Plannen', 'Rapporteren'],
  drijfveren: ['Iets betekenen voor een ander'],
  wendbaarheid: 'Leert snel in de praktijk, werkt graag mee.',
  werkEnDenkniveau: {
    level: 'mbo-4',
    evidence: [{ kind: 'cognitive-test', description: 'Capaciteitentest: niveau mbo 4', date: '2026-09-14' }],
  },
  doelEnMotivatie: 'Ik wil als verzorgende werken bij Pluryn.',
  accommodations: [],
};

const bhvCertificate = {
  kind: 'certificate',
  title: 'BHV-certificaat',
  issuer: 'KLM',
  issuedOn: '2025-04-10',
  competencies: [BHV],
  document: { sha256: 'a'.repeat(64) },
};

/** Whether `as` may read `scope` of a learner, as the guards of the learner routes decide it. */
const canRead = async (deps: Pick<Deps, 'db' | 'now'>, as: Principal, id: string, scope: GrantScope) =>
  (scope === 'profile' ? learnerRules.readProfile : learnerRules.readEvidence).allows(
    as,
    await loadLearnerFacts(deps, id),
  );

const problemJson = (res: { headers: Headers }) =>
  expect(res.headers.get('content-type')).toBe('application/problem+json');
const paths = (body: { errors: { path: string }[] }) => body.errors.map((e) => e.path);

/**
 * After refused calls on a learner's data: nothing was written but the audit of each refusal
 * (`learner.access-refused`, issue 13).
 */
const onlyRefusalsAudited = (t: Awaited<ReturnType<typeof startTestApp>>, before: Record<string, number>) => {
  const after = t.rowCounts();
  expect({ ...after, audit_event: 0 }).toEqual({ ...before, audit_event: 0 });
  const added = (after.audit_event ?? 0) - (before.audit_event ?? 0);
  expect(added).toBeGreaterThan(0);
  const actions = t.db.sqlite
    .prepare('SELECT action FROM audit_event ORDER BY rowid DESC LIMIT ?')
    .pluck()
    .all(added);
  expect(new Set(actions)).toEqual(new Set(['learner.access-refused']));
};

describe('learners', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;

  const register = async (as: Principal, body: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/learners', {
      as,
      body: { name: `Lerende ${as.sub}`, email: `${as.sub}@example.nl`, ...body },
    });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string };
  };
  const grant = async (as: Principal, id: string, body: Record<string, unknown>) => {
    const res = await t.call('POST', `/learners/${id}/grants`, { as, body });
    expect(res.status, res.text).toBe(201);
    return res.body as { id: string };
  };

  beforeEach(async () => {
    t = await startTestApp();
    await seedCatalog(t, {
      institutions: ['roc-rivor', 'han'],
      competencies: [...VIG_COMPETENCIES, { code: 'BHV', title: 'Verleent bedrijfshulp en eerste hulp' }],
    });
    for (const employer of [
      { id: 'ksu', name: 'Katholieke Scholenstichting Utrecht', sector: 'onderwijs' },
      { id: 'cordaan', name: 'Cordaan', sector: 'zorg' },
      { id: 'pluryn', name: 'Pluryn', sector: 'zorg' },
    ]) {
      expect((await t.call('POST', '/employers', { as: admin, body: employer })).status).toBe(201);
    }
  });

  describe('registration', () => {
    it('a learner registers themselves; the subject is their own sub', async () => {
      const res = await t.call('POST', '/learners', {
        as: rianne,
        body: { name: 'Rianne de Vries', email: 'rianne@example.nl' },
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: res.body.id,
        subject: 'rianne',
        name: 'Rianne de Vries',
        email: 'rianne@example.nl',
        createdAt: '2026-11-22T09:00:00.000Z',
        updatedAt: '2026-11-22T09:00:00.000Z',
      });
      expect((await t.call('GET', `/learners/${res.body.id}`, { as: rianne })).body).toEqual(res.body);
      expect((await t.call('GET', '/learners', { as: rianne })).body.items).toEqual([res.body]);
    });

    it('an opleider registers a learner on intake, but gets no access without a grant', async () => {
      const created = await t.call('POST', '/learners', {
        as: rivor,
        body: { subject: 'lennard', name: 'Lennard Bos', email: 'lennard@example.nl' },
      });
      expect(created.status).toBe(201);
      expect(created.body.subject).toBe('lennard');
      const read = await t.call('GET', `/learners/${created.body.id}`, { as: rivor });
      expect(read.status).toBe(403);
      problemJson(read);
      expect((await t.call('GET', `/learners/${created.body.id}`, { as: learner('lennard') })).status).toBe(
        200,
      );
    });

    it('refuses a learner registering someone else, a second registration, and werkgevers', async () => {
      await register(rianne);
      const before = t.rowCounts();
      const other = await t.call('POST', '/learners', {
        as: rianne,
        body: { subject: 'janneke', name: 'Janneke', email: 'j@example.nl' },
      });
      expect(other.status).toBe(403);
      expect(paths(other.body)).toEqual(['body.subject']);
      const twice = await t.call('POST', '/learners', {
        as: rianne,
        body: { name: 'Rianne', email: 'r@example.nl' },
      });
      expect(twice.status).toBe(409);
      const onIntakeTwice = await t.call('POST', '/learners', {
        as: rivor,
        body: { subject: 'rianne', name: 'Rianne', email: 'r@example.nl' },
      });
      expect(onIntakeTwice.status).toBe(409);
      const noSubject = await t.call('POST', '/learners', {
        as: admin,
        body: { name: 'Iemand', email: 'i@example.nl' },
      });
      expect(noSubject.status).toBe(422);
      expect(paths(noSubject.body)).toEqual(['body.subject']);
      const byEmployer = await t.call('POST', '/learners', {
        as: ksu,
        body: { subject: 'willem', name: 'Willem', email: 'w@example.nl' },
      });
      expect(byEmployer.status).toBe(403);
      const badEmail = await t.call('POST', '/learners', { as: willem, body: { name: 'W', email: 'geen' } });
      expect(badEmail.status).toBe(422);
      expect(paths(badEmail.body)).toEqual(['body.email']);
      for (const res of [other, twice, onIntakeTwice, noSubject, byEmployer, badEmail]) problemJson(res);
      expect(t.rowCounts()).toEqual(before);
    });

    it('an unknown learner is a 404 problem everywhere', async () => {
      for (const [method, path] of [
        ['GET', '/learners/nope'],
        ['GET', '/learners/nope/profile'],
        ['GET', '/learners/nope/evidence'],
        ['GET', '/learners/nope/grants'],
        ['GET', '/learners/nope/export'],
        ['DELETE', '/learners/nope'],
      ] as const) {
        const res = await t.call(method, path, { as: rianne });
        expect(res.status, path).toBe(404);
        problemJson(res);
      }
      const before = t.rowCounts();
      const put = await t.call('PUT', '/learners/nope/profile', { as: rianne, body: profielRianne });
      expect(put.status).toBe(404);
      expect(t.rowCounts()).toEqual(before);
    });
  });

  describe('profile', () => {
    it('Rianne writes her Persoonlijk Profiel; only she, or an institution she granted, reads it', async () => {
      const { id } = await register(rianne);
      const none = await t.call('GET', `/learners/${id}/profile`, { as: rianne });
      expect(none.status).toBe(404);

      const put = await t.call('PUT', `/learners/${id}/profile`, { as: rianne, body: profielRianne });
      expect(put.status).toBe(200);
      expect(put.body).toEqual({
        ...profielRianne,
        learnerId: id,
        werkEnDenkniveau: {
          level: { name: 'mbo-4', nlqf: 4, eqf: 4 },
          evidence: profielRianne.werkEnDenkniveau.evidence,
        },
        createdAt: '2026-11-22T09:00:00.000Z',
        updatedAt: '2026-11-22T09:00:00.000Z',
      });
      expect((await t.call('GET', `/learners/${id}/profile`, { as: rianne })).body).toEqual(put.body);

      for (const as of [rivor, admin, werkgever('pluryn'), learner('someone-else')]) {
        const res = await t.call('GET', `/learners/${id}/profile`, { as });
        expect(res.status, as.sub).toBe(403);
        problemJson(res);
      }
      await grant(rianne, id, { grantee: { kind: 'institution', id: 'roc-rivor' }, scope: ['profile'] });
      const granted = await t.call('GET', `/learners/${id}/profile`, { as: rivor });
      expect(granted.status).toBe(200);
      expect(granted.body).toEqual(put.body);
      expect((await t.call('GET', `/learners/${id}/profile`, { as: han })).status).toBe(403);
    });

    it('only the learner writes the profile, even a grantee or an admin may not', async () => {
      const { id } = await register(rianne);
      await grant(rianne, id, {
        grantee: { kind: 'institution', id: 'roc-rivor' },
        scope: ['profile', 'evidence'],
      });
      const before = t.rowCounts();
      for (const as of [rivor, admin, werkgever('pluryn')]) {
        const res = await t.call('PUT', `/learners/${id}/profile`, { as, body: profielRianne });
        expect(res.status, as.sub).toBe(403);
        problemJson(res);
      }
      onlyRefusalsAudited(t, before);
    });

    it('a PUT replaces the profile whole and is audited; bad fields are named', async () => {
      const { id } = await register(learner('lennard'));
      const lennard = learner('lennard');
      await t.call('PUT', `/learners/${id}/profile`, { as: lennard, body: profielRianne });
      const replaced = await t.call('PUT', `/learners/${id}/profile`, {
        as: lennard,
        body: { talenten: ['Nauwkeurig'], accommodations: ['mondeling-examen', 'voorleessoftware'] },
      });
      expect(replaced.status).toBe(200);
      expect(replaced.body).toMatchObject({
        talenten: ['Nauwkeurig'],
        skills: [],
        accommodations: ['mondeling-examen', 'voorleessoftware'],
      });
      expect(replaced.body.werkEnDenkniveau).toBeUndefined();

      const before = t.rowCounts();
      const cases: [unknown, string[]][] = [
        [{ ...profielRianne, hobby: 'x' }, ['body']],
        [
          { ...profielRianne, werkEnDenkniveau: { level: 'mbo-9', evidence: [] } },
          ['body.werkEnDenkniveau.level'],
        ],
        [
          {
            ...profielRianne,
            werkEnDenkniveau: {
              level: 'mbo-4',
              evidence: [{ kind: 'horoscope', description: 'x', date: '2026-01-01' }],
            },
          },
          ['body.werkEnDenkniveau.evidence[0].kind'],
        ],
        [
          {
            ...profielRianne,
            werkEnDenkniveau: {
              level: 'mbo-4',
              evidence: [{ kind: 'cognitive-test', description: 'x', date: '2027-01-01' }],
            },
          },
          ['body.werkEnDenkniveau.evidence[0].date'],
        ],
        [{ accommodations: ['extra-tijd', 'extra-tijd'] }, ['body.accommodations']],
        [{ talenten: ['   '] }, ['body.talenten[0]']],
      ];
      for (const [body, expected] of cases) {
        const res = await t.call('PUT', `/learners/${id}/profile`, { as: lennard, body });
        expect(res.status, JSON.stringify(body)).toBe(422);
        problemJson(res);
        expect(paths(res.body)).toEqual(expected);
      }
      expect(t.rowCounts()).toEqual(before);
      expect((await loadPlanningFacts(t.deps, id, 'roc-rivor')).accommodations).toEqual([
        'mondeling-examen',
        'voorleessoftware',
      ]);
    });
  });

  describe('evidence', () => {
    it('Janneke adds her BHV certificate from KLM; ROC Rivor, granted, verifies it; then it is held', async () => {
      const { id } = await register(janneke);
      const added = await t.call('POST', `/learners/${id}/evidence`, { as: janneke, body: bhvCertificate });
      expect(added.status).toBe(201);
      expect(added.body).toEqual({
        ...bhvCertificate,
        id: added.body.id,
        learnerId: id,
        verified: false,
        addedBy: { kind: 'learner' },
        createdAt: '2026-11-22T09:00:00.000Z',
        updatedAt: '2026-11-22T09:00:00.000Z',
      });
      expect((await loadPlanningFacts(t.deps, id, 'roc-rivor')).held).toEqual([]);

      const verifyPath = `/learners/${id}/evidence/${added.body.id}/verify`;
      const before = t.rowCounts();
      const ungranted = await t.call('POST', verifyPath, { as: rivor });
      expect(ungranted.status).toBe(403);
      problemJson(ungranted);
      onlyRefusalsAudited(t, before);

      await grant(janneke, id, {
        grantee: { kind: 'institution', id: 'roc-rivor' },
        scope: ['evidence'],
        purpose: 'Intake Verzorgende IG bij Cordaan',
      });
      const afterGrant = t.rowCounts();
      for (const as of [janneke, werkgever('cordaan'), admin]) {
        const res = await t.call('POST', verifyPath, { as });
        expect(res.status, as.sub).toBe(403);
      }
      onlyRefusalsAudited(t, afterGrant);

      const verified = await t.call('POST', verifyPath, { as: rivor });
      expect(verified.status).toBe(200);
      expect(verified.body).toMatchObject({
        verified: true,
        verifiedBy: { institution: 'roc-rivor', at: '2026-11-22T09:00:00.000Z' },
      });
      expect((await t.call('POST', verifyPath, { as: rivor })).status).toBe(409);

      expect((await loadPlanningFacts(t.deps, id, 'roc-rivor')).held).toEqual([
        {
          competency: BHV,
          evidence: {
            kind: 'certificate',
            id: added.body.id,
            description: 'BHV-certificaat (KLM, 2025-04-10, verified by roc-rivor)',
          },
        },
      ]);
      const listed = await t.call('GET', `/learners/${id}/evidence`, { as: rivor });
      expect(listed.body.items).toEqual([verified.body]);
    });

    it('a granted opleider adds verified evidence; a learner may not mark their own verified', async () => {
      const { id } = await register(rianne);
      const before = t.rowCounts();
      const self = await t.call('POST', `/learners/${id}/evidence`, {
        as: rianne,
        body: { ...bhvCertificate, verified: true },
      });
      expect(self.status).toBe(403);
      problemJson(self);
      expect(paths(self.body)).toEqual(['body.verified']);
      const ungranted = await t.call('POST', `/learners/${id}/evidence`, { as: rivor, body: bhvCertificate });
      expect(ungranted.status).toBe(403);
      onlyRefusalsAudited(t, before);

      // A grant for the profile only does not let the opleider add evidence.
      await grant(rianne, id, { grantee: { kind: 'institution', id: 'roc-rivor' }, scope: ['profile'] });
      const profileOnly = t.rowCounts();
      expect(
        (await t.call('POST', `/learners/${id}/evidence`, { as: rivor, body: bhvCertificate })).status,
      ).toBe(403);
      onlyRefusalsAudited(t, profileOnly);

      await grant(rianne, id, { grantee: { kind: 'institution', id: 'roc-rivor' }, scope: ['evidence'] });
      const diploma = await t.call('POST', `/learners/${id}/evidence`, {
        as: rivor,
        body: {
          kind: 'diploma',
          title: 'Diploma Helpende Zorg en Welzijn',
          issuer: 'ROC Rivor',
          issuedOn: '2019-07-01',
          level: 'mbo-2',
          competencies: [RISICO],
          verified: true,
        },
      });
      expect(diploma.status).toBe(201);
      expect(diploma.body).toMatchObject({
        level: { name: 'mbo-2', nlqf: 2, eqf: 2 },
        verified: true,
        verifiedBy: { institution: 'roc-rivor' },
        addedBy: { kind: 'institution', id: 'roc-rivor' },
      });
      expect((await loadPlanningFacts(t.deps, id, 'roc-rivor')).held.map((h) => h.competency)).toEqual([
        RISICO,
      ]);
    });

    it('refuses unknown competencies, future dates and bad documents, writing nothing', async () => {
      const { id } = await register(rianne);
      const before = t.rowCounts();
      const cases: [Record<string, unknown>, string[]][] = [
        [{ competencies: [ZORGPLAN, `${KD}/vig/b9-k9-w9`] }, ['body.competencies[1]']],
        [{ issuedOn: '2027-01-01' }, ['body.issuedOn']],
        [{ kind: 'horoscope' }, ['body.kind']],
        [{ level: 'mbo-7' }, ['body.level']],
        [{ competencies: [BHV, BHV] }, ['body.competencies']],
      ];
      for (const [change, expected] of cases) {
        const res = await t.call('POST', `/learners/${id}/evidence`, {
          as: rianne,
          body: { ...bhvCertificate, ...change },
        });
        expect(res.status, JSON.stringify(change)).toBe(422);
        problemJson(res);
        expect(paths(res.body)).toEqual(expected);
      }
      const document = await t.call('POST', `/learners/${id}/evidence`, {
        as: rianne,
        body: { ...bhvCertificate, document: { sha256: 'xyz' } },
      });
      expect(document.status).toBe(422);
      expect(paths(document.body)[0]).toMatch(/^body\.document/);
      expect(t.rowCounts()).toEqual(before);
    });
  });

  describe('grants', () => {
    it('rule 8: the current employer (KSU) sees nothing of an orientation elsewhere without a grant', async () => {
      // Willem works at KSU and orients himself on care at Cordaan, with ROC Rivor.
      const { id } = await register(willem);
      await t.call('PUT', `/learners/${id}/profile`, {
        as: willem,
        body: { doelEnMotivatie: 'Ik wil de zorg in, bij Cordaan.', accommodations: [] },
      });
      await t.call('POST', `/learners/${id}/evidence`, {
        as: willem,
        body: { ...bhvCertificate, issuer: 'Oranje Kruis' },
      });
      await grant(willem, id, {
        grantee: { kind: 'institution', id: 'roc-rivor' },
        scope: ['profile', 'evidence'],
      });
      await grant(willem, id, { grantee: { kind: 'employer', id: 'cordaan' }, scope: ['profile'] });

      for (const as of [ksu, praktijkopleiderKsu]) {
        for (const path of ['', '/profile', '/evidence', '/grants', '/export']) {
          const res = await t.call('GET', `/learners/${id}${path}`, { as });
          expect(res.status, `${as.role} ${path}`).toBe(403);
          problemJson(res);
          expect(res.text).not.toContain('Cordaan');
        }
        expect((await t.call('GET', '/learners', { as })).body.items).toEqual([]);
        expect(await canRead(t.deps, as, id, 'profile')).toBe(false);
        expect(await canRead(t.deps, as, id, 'evidence')).toBe(false);
      }
      // Cordaan, granted the profile, reads the profile but not the evidence.
      const cordaan = werkgever('cordaan');
      expect((await t.call('GET', `/learners/${id}/profile`, { as: cordaan })).status).toBe(200);
      expect((await t.call('GET', `/learners/${id}/evidence`, { as: cordaan })).status).toBe(403);
      expect(
        (await t.call('GET', '/learners', { as: cordaan })).body.items.map((l: { id: string }) => l.id),
      ).toEqual([id]);
    });

    it('admins read nothing of a learner: privacy holds without a grant for everybody', async () => {
      const { id } = await register(rianne);
      for (const path of ['', '/profile', '/evidence', '/grants', '/export']) {
        expect((await t.call('GET', `/learners/${id}${path}`, { as: admin })).status, path).toBe(403);
      }
      expect((await t.call('GET', '/learners', { as: admin })).body.items).toEqual([]);
      expect(await canRead(t.deps, admin, id, 'profile')).toBe(false);
      await expect(canRead(t.deps, rianne, 'nope', 'profile')).rejects.toMatchObject({ kind: 'not-found' });
      expect(await canRead(t.deps, rianne, id, 'evidence')).toBe(true);
    });

    it('GET /learners?q= narrows the learners one may see to those with the text in their name', async () => {
      for (const [sub, name] of [
        ['rianne', 'Rianne de Vries'],
        ['janneke', 'Janneke de Vries'],
        ['willem', 'Willem Jansen'],
        ['ria', 'Ria de Vries'],
      ] as const) {
        const { id } = await register(learner(sub), { name });
        // Ria grants nobody: a search never shows more than the list without one.
        if (sub !== 'ria')
          await grant(learner(sub), id, {
            grantee: { kind: 'institution', id: 'roc-rivor' },
            scope: ['profile'],
          });
      }
      const names = async (query: string) => {
        const res = await t.call('GET', `/learners${query}`, { as: rivor });
        expect(res.status, res.text).toBe(200);
        return (res.body.items as { name: string }[]).map((l) => l.name).sort();
      };
      expect(await names('')).toEqual(['Janneke de Vries', 'Rianne de Vries', 'Willem Jansen']);
      expect(await names('?q=DE%20VRIES')).toEqual(['Janneke de Vries', 'Rianne de Vries']);
      expect(await names('?q=jansen&limit=1')).toEqual(['Willem Jansen']);
      // `%` and `_` are letters in a search, not patterns.
      expect(await names('?q=%25')).toEqual([]);
      expect((await t.call('GET', '/learners?q=%20', { as: rivor })).status).toBe(400);
    });

    it('a withdrawn grant gives no access from then on; the grant is kept as withdrawn', async () => {
      const { id } = await register(rianne);
      await t.call('PUT', `/learners/${id}/profile`, { as: rianne, body: profielRianne });
      const g = await grant(rianne, id, {
        grantee: { kind: 'employer', id: 'pluryn' },
        scope: ['profile'],
        purpose: 'Sollicitatie verzorgende',
      });
      const pluryn = werkgever('pluryn');
      expect((await t.call('GET', `/learners/${id}/profile`, { as: pluryn })).status).toBe(200);
      expect(
        await canRead(t.deps, { sub: 'pol', role: 'praktijkopleider', employer: 'pluryn' }, id, 'profile'),
      ).toBe(true);

      const before = t.rowCounts();
      for (const as of [pluryn, admin, rivor]) {
        const res = await t.call('POST', `/learners/${id}/grants/${g.id}/withdraw`, { as });
        expect(res.status, as.sub).toBe(403);
        problemJson(res);
      }
      onlyRefusalsAudited(t, before);

      const withdrawn = await t.call('POST', `/learners/${id}/grants/${g.id}/withdraw`, { as: rianne });
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnAt: '2026-11-22T09:00:00.000Z' });
      expect((await t.call('GET', `/learners/${id}/profile`, { as: pluryn })).status).toBe(403);
      expect((await t.call('POST', `/learners/${id}/grants/${g.id}/withdraw`, { as: rianne })).status).toBe(
        409,
      );
      expect((await t.call('POST', `/learners/${id}/grants/nope/withdraw`, { as: rianne })).status).toBe(404);

      const listed = await t.call('GET', `/learners/${id}/grants`, { as: rianne });
      expect(listed.body.items).toEqual([
        {
          id: g.id,
          learnerId: id,
          grantee: { kind: 'employer', id: 'pluryn' },
          scope: ['profile'],
          purpose: 'Sollicitatie verzorgende',
          status: 'withdrawn',
          createdAt: '2026-11-22T09:00:00.000Z',
          withdrawnAt: '2026-11-22T09:00:00.000Z',
        },
      ]);
    });

    it('refuses the same active grant twice (409, nothing written); another scope or a new one after withdrawing is taken', async () => {
      const { id } = await register(rianne);
      const body = { grantee: { kind: 'employer', id: 'pluryn' }, scope: ['profile', 'evidence'] };
      const first = await grant(rianne, id, body);
      const before = t.rowCounts();
      const twice = await t.call('POST', `/learners/${id}/grants`, {
        as: rianne,
        body: { ...body, scope: ['evidence', 'profile'] },
      });
      expect(twice.status).toBe(409);
      expect(twice.body.detail).toContain(first.id);
      expect(t.rowCounts()).toEqual(before);
      await grant(rianne, id, { ...body, scope: ['profile'] });
      await t.call('POST', `/learners/${id}/grants/${first.id}/withdraw`, { as: rianne });
      await grant(rianne, id, body);
    });

    it('a grant gives access through its until day, and none after', async () => {
      const { id } = await register(rianne);
      await t.call('PUT', `/learners/${id}/profile`, { as: rianne, body: profielRianne });
      await grant(rianne, id, {
        grantee: { kind: 'institution', id: 'roc-rivor' },
        scope: ['profile'],
        until: '2026-11-30',
      });
      expect(await canRead(t.deps, rivor, id, 'profile')).toBe(true);
      let now = new Date('2026-11-30T23:59:00.000Z');
      const later = { ...t.deps, now: () => now };
      expect(await canRead(later, rivor, id, 'profile')).toBe(true);
      now = new Date('2026-12-01T00:00:00.000Z');
      expect(await canRead(later, rivor, id, 'profile')).toBe(false);
    });

    it('refuses unknown grantees, past until dates, empty scopes and grants by anyone but the learner', async () => {
      const { id } = await register(rianne);
      const before = t.rowCounts();
      const cases: [Record<string, unknown>, string[]][] = [
        [{ grantee: { kind: 'institution', id: 'nope' }, scope: ['profile'] }, ['body.grantee.id']],
        [{ grantee: { kind: 'employer', id: 'roc-rivor' }, scope: ['profile'] }, ['body.grantee.id']],
        [
          { grantee: { kind: 'institution', id: 'han' }, scope: ['profile'], until: '2026-11-21' },
          ['body.until'],
        ],
        [{ grantee: { kind: 'institution', id: 'han' }, scope: [] }, ['body.scope']],
        [{ grantee: { kind: 'institution', id: 'han' }, scope: ['profile', 'profile'] }, ['body.scope']],
        [{ grantee: { kind: 'school', id: 'han' }, scope: ['profile'] }, ['body.grantee.kind']],
      ];
      for (const [body, expected] of cases) {
        const res = await t.call('POST', `/learners/${id}/grants`, { as: rianne, body });
        expect(res.status, JSON.stringify(body)).toBe(422);
        problemJson(res);
        expect(paths(res.body)).toEqual(expected);
      }
      for (const as of [rivor, admin, learner('janneke')]) {
        const res = await t.call('POST', `/learners/${id}/grants`, {
          as,
          body: { grantee: { kind: 'institution', id: 'roc-rivor' }, scope: ['profile'] },
        });
        expect(res.status, as.sub).toBe(403);
        problemJson(res);
        expect((await t.call('GET', `/learners/${id}/grants`, { as })).status).toBe(403);
      }
      onlyRefusalsAudited(t, before);
    });
  });

  describe('export and erasure', () => {
    it('the learner exports everything held on them, with their audit trail', async () => {
      const { id } = await register(janneke);
      await t.call('PUT', `/learners/${id}/profile`, { as: janneke, body: profielRianne });
      const evidence = (
        await t.call('POST', `/learners/${id}/evidence`, { as: janneke, body: bhvCertificate })
      ).body;
      const g = await grant(janneke, id, {
        grantee: { kind: 'institution', id: 'roc-rivor' },
        scope: ['evidence'],
      });
      await t.call('POST', `/learners/${id}/evidence/${evidence.id}/verify`, { as: rivor });

      const exported = await t.call('GET', `/learners/${id}/export`, { as: janneke });
      expect(exported.status).toBe(200);
      expect(exported.body).toMatchObject({
        exportedAt: '2026-11-22T09:00:00.000Z',
        learner: { id, subject: 'janneke', email: 'janneke@example.nl' },
        profile: { learnerId: id, doelEnMotivatie: profielRianne.doelEnMotivatie },
        evidence: [{ id: evidence.id, verified: true }],
        grants: [{ id: g.id, status: 'active' }],
      });
      expect(exported.body.auditEvents.map((e: { action: string }) => e.action).sort()).toEqual(
        [
          'learner.evidence.added',
          'learner.evidence.verified',
          'learner.grant.created',
          'learner.profile.created',
          'learner.registered',
        ].sort(),
      );
      expect(exported.body.auditEvents).toContainEqual(
        expect.objectContaining({
          action: 'learner.evidence.verified',
          actor: 'opleider:opleider-roc-rivor',
        }),
      );
      // A grantee reads the evidence, but not the export.
      expect((await t.call('GET', `/learners/${id}/export`, { as: rivor })).status).toBe(403);

      // Whoever reads the credentials instellingen verified as the learner's, or is refused their
      // credentials, shows in the learner's trail too.
      expect((await t.call('GET', `/learners/${id}/verified-credentials`, { as: rivor })).status).toBe(200);
      expect((await t.call('GET', `/learners/${id}/credentials`, { as: rivor })).status).toBe(403);
      const again = await t.call('GET', `/learners/${id}/export`, { as: janneke });
      const trail = again.body.auditEvents.map((e: { actor: string; action: string; detail?: unknown }) => e);
      expect(trail).toContainEqual(
        expect.objectContaining({ action: 'learner.evidence.read', actor: 'opleider:opleider-roc-rivor' }),
      );
      expect(trail).toContainEqual(
        expect.objectContaining({
          action: 'learner.access-refused',
          detail: { operation: 'GET /learners/:id/credentials' },
        }),
      );
    });

    it('the learner erases themselves in one batch; an audit event without personal data remains', async () => {
      const { id } = await register(janneke);
      await t.call('PUT', `/learners/${id}/profile`, { as: janneke, body: profielRianne });
      const evidence = (
        await t.call('POST', `/learners/${id}/evidence`, { as: janneke, body: bhvCertificate })
      ).body;
      await grant(janneke, id, { grantee: { kind: 'institution', id: 'roc-rivor' }, scope: ['evidence'] });
      await t.call('POST', `/learners/${id}/evidence/${evidence.id}/verify`, { as: rivor });

      const before = t.rowCounts();
      for (const as of [rivor, admin, learner('someone-else')]) {
        const res = await t.call('DELETE', `/learners/${id}`, { as });
        expect(res.status, as.sub).toBe(403);
        problemJson(res);
      }
      onlyRefusalsAudited(t, before);

      const erased = await t.call('DELETE', `/learners/${id}`, { as: janneke });
      expect(erased.status).toBe(200);
      expect(erased.body.kept.map((k: { what: string }) => k.what)).toContain(
        'the learner id, as a tombstone without personal data',
      );
      const after = t.rowCounts();
      expect(after).toMatchObject({
        learner: before.learner,
        learner_profile: 0,
        learner_evidence: 0,
        learner_evidence_competency: 0,
        learner_grant: 0,
        // The three refused attempts above, and the erasure.
        audit_event: (before.audit_event ?? 0) + 4,
      });

      const row = t.db.sqlite.prepare('SELECT * FROM learner WHERE id = ?').get(id);
      expect(row).toMatchObject({ subject: null, name: null, email: null, status: 'erased' });
      const event = t.db.sqlite
        .prepare("SELECT * FROM audit_event WHERE action = 'learner.erased'")
        .get() as Record<string, string | null>;
      expect(event).toMatchObject({ actor: `learner:${id}`, resource_id: id, detail: null });
      const allEvents = JSON.stringify(t.db.sqlite.prepare('SELECT * FROM audit_event').all());
      for (const personal of ['janneke@example.nl', 'Lerende janneke', 'BHV-certificaat', 'KLM', 'Pluryn'])
        expect(allEvents).not.toContain(personal);

      for (const as of [janneke, rivor]) {
        expect((await t.call('GET', `/learners/${id}`, { as })).status).toBe(404);
        expect((await t.call('GET', `/learners/${id}/evidence`, { as })).status).toBe(404);
      }
      await expect(loadPlanningFacts(t.deps, id, 'roc-rivor')).rejects.toMatchObject({ kind: 'not-found' });
      // The same person may register afresh, as a new learner.
      const again = await register(janneke);
      expect(again.id).not.toBe(id);
    });
  });

  describe('facts for the route planner', () => {
    it('Rianne: her verified diploma levels and her tested werk- en denkniveau; a self-typed diploma counts for nothing', async () => {
      const { id } = await register(rianne);
      expect((await loadPlanningFacts(t.deps, id, 'roc-rivor')).admission).toEqual({ diplomas: [] });
      expect((await loadPlanningFacts(t.deps, id, 'roc-rivor')).accommodations).toEqual([]);
      await t.call('PUT', `/learners/${id}/profile`, { as: rianne, body: profielRianne });
      const diploma = {
        kind: 'diploma',
        title: 'Diploma Helpende Zorg en Welzijn',
        issuer: 'ROC Rivor',
        issuedOn: '2019-07-01',
        level: 'mbo-2',
      };
      await t.call('POST', `/learners/${id}/evidence`, { as: rianne, body: diploma });
      await t.call('POST', `/learners/${id}/evidence`, {
        as: rianne,
        body: { ...bhvCertificate, level: 'mbo-3' },
      });
      expect((await loadPlanningFacts(t.deps, id, 'roc-rivor')).admission).toEqual({
        diplomas: [],
        testedLevel: { level: 'mbo-4', evidence: profielRianne.werkEnDenkniveau.evidence },
      });
      await grant(rianne, id, { grantee: { kind: 'institution', id: 'roc-rivor' }, scope: ['evidence'] });
      await t.call('POST', `/learners/${id}/evidence`, { as: rivor, body: { ...diploma, verified: true } });
      expect((await loadPlanningFacts(t.deps, id, 'roc-rivor')).admission).toEqual({
        diplomas: [
          {
            level: 'mbo-2',
            evidence: expect.stringMatching(
              /^Diploma Helpende Zorg en Welzijn \(ROC Rivor, 2019-07-01, verified by roc-rivor\)$/,
            ),
          },
        ],
        testedLevel: { level: 'mbo-4', evidence: profielRianne.werkEnDenkniveau.evidence },
      });
    });

    it('a werk- en denkniveau without evidence is not a tested level', async () => {
      const { id } = await register(rianne);
      await t.call('PUT', `/learners/${id}/profile`, {
        as: rianne,
        body: { ...profielRianne, werkEnDenkniveau: { level: 'hbo-bachelor' } },
      });
      expect((await loadPlanningFacts(t.deps, id, 'roc-rivor')).admission).toEqual({ diplomas: [] });
    });

    it('throws 404 for a learner that does not exist', async () => {
      await expect(loadPlanningFacts(t.deps, 'nope', 'roc-rivor')).rejects.toMatchObject({
        kind: 'not-found',
      });
    });
  });
});
