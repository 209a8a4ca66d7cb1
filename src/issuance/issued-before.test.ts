import { beforeAll, describe, expect, it } from 'vitest';
import { admin, opleider } from '../../tests/support/test-app.js';
import { failedChecks, sampleInput, startCredentialsApp } from '../credentials/fixtures.test-support.js';
import {
  buildClrCredential,
  buildModuleCredential,
  canonize,
  decodeStatusList,
  LOOPBRUG_CONTEXT,
  OB_V3_CONTEXT,
  signCredential,
  VC_V2_CONTEXT,
} from '../credentials/index.js';
import { credentialRow } from './credential-row.js';
import { issueCredential } from './issue-credential.js';
import { signerFor } from './signer.js';

// The clock in these tests is 2026-11-22 (see tests/support/test-app.ts).
// biome-ignore lint/suspicious/noExplicitAny: the tests read credential documents of many shapes
type Json = any;
const reason = 'Toetsing bleek niet volgens het toetsplan.';

/**
 * Credentials issued before issue 9 named the per-deployment context `{PUBLIC_URL}/contexts/loopbrug-v1.jsonld`
 * and schema `{PUBLIC_URL}/schemas/module-credential.schema.json`, and carried a revocation and a suspension
 * entry on two 1-bit lists per instelling. Nothing issues them any more, so they are made here as that code
 * made them: signed with today's signer, stored with their two entries.
 */
describe('credentials issued before issue 9 keep verifying and keep their status', () => {
  let t: Awaited<ReturnType<typeof startCredentialsApp>>;
  const lists = { revocation: 'han-revocation-0007', suspension: 'han-suspension-0007' };
  let next = 100;

  /** An earlier module credential of HAN, signed and stored as the code before issue 9 did. */
  async function issuedBefore(): Promise<Json> {
    const { urls } = t.deps;
    const id = `urn:uuid:${crypto.randomUUID()}`;
    const index = next++;
    const entry = (purpose: 'revocation' | 'suspension') => ({
      id: `${urls.statusList(lists[purpose])}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: String(index),
      statusListCredential: urls.statusList(lists[purpose]),
    });
    // Without the EU Annex I optional elements added in issue 12, which that context does not define.
    const { credentialSubject, ...today } = buildModuleCredential({
      ...sampleInput(t.deps),
      credentialId: id,
    });
    const {
      assessmentSupervision: _s,
      furtherInformation: _f,
      ...achievement
    } = credentialSubject.achievement as Json;
    const document = await signCredential(await signerFor(t.deps, 'han'), {
      ...today,
      credentialSubject: { ...credentialSubject, achievement },
      '@context': [VC_V2_CONTEXT, OB_V3_CONTEXT, urls.context(LOOPBRUG_CONTEXT)],
      credentialSchema: [{ id: urls.schema('module-credential.schema.json'), type: 'JsonSchema' }],
      credentialStatus: [entry('revocation'), entry('suspension')],
    });
    const db = t.deps.db.kysely;
    const at = '2026-06-01T10:00:00Z';
    await t.deps.db.atomically([
      db.insertInto('credential').values(
        credentialRow({
          id,
          institutionId: 'han',
          document,
          issuedAt: at,
          statusEntry: { listId: lists.revocation, index },
        }),
      ),
      ...Object.values(lists).map((listId) =>
        db
          .insertInto('status_list_entry')
          .values({ status_list_id: listId, status_list_index: index, credential_id: id, allocated_at: at }),
      ),
    ]);
    return document;
  }

  const verify = (verifiableCredential: unknown) =>
    t.call('POST', '/credentials/verify', { body: { verifiableCredential } });
  const change = (id: string, action: 'revoke' | 'suspend' | 'reinstate') =>
    t.call('POST', `/credentials/${encodeURIComponent(id)}/${action}`, {
      as: opleider('han'),
      body: { reason },
    });
  const statusCheck = (body: Json) => body.checks.find((c: Json) => c.check === 'status');
  const bitOf = async (listId: string, index: number) => {
    const list = (await t.call('GET', `/status-lists/${listId}`)).body;
    return (await decodeStatusList(list.credentialSubject.encodedList)).isSet(index);
  };

  beforeAll(async () => {
    t = await startCredentialsApp();
    // HAN's two 1-bit lists, as migration 0007 and the code before issue 9 made them.
    for (const [purpose, id] of Object.entries(lists))
      await t.deps.db.atomically([
        t.deps.db.kysely.insertInto('status_list').values({
          id,
          institution_id: 'han',
          purpose: purpose as 'revocation' | 'suspension',
          status_size: 1,
          length: 131_072,
          version: 1,
          created_at: '2026-01-01T00:00:00Z',
          signed_document: null,
          signed_version: null,
          issuer_key: null,
          predecessor_id: null,
          allocated: 0,
        }),
      ]);
  });

  it('verifies with the per-deployment context and schema it names, and its two status entries', async () => {
    const vc = await issuedBefore();
    expect(vc['@context'][2]).toBe('http://localhost:8787/contexts/loopbrug-v1.jsonld');
    const res = await verify(vc);
    expect(res.status, res.text).toBe(200);
    expect(statusCheck(res.body)).toEqual({ check: 'status', ok: true, message: '2 status entries clear' });
    // The context it names is still served, with its vocabulary under this deployment's URL.
    const context = await t.call('GET', '/contexts/loopbrug-v1.jsonld');
    expect(context.body['@context'].lb).toBe('http://localhost:8787/vocab#');
  });

  it('is suspended, reinstated and revoked on its 1-bit lists, beside the new 2-bit list', async () => {
    const vc = await issuedBefore();
    const index = Number(vc.credentialStatus[0].statusListIndex);
    // A credential issued now gets its entry on the instelling's new list, not on these.
    const fresh = await t.call('POST', '/credentials/issue', {
      as: opleider('han'),
      body: { credential: buildModuleCredential(sampleInput(t.deps)) },
    });
    expect(fresh.status, fresh.text).toBe(201);
    expect(fresh.body.verifiableCredential.credentialStatus.statusListCredential).not.toMatch(/0007$/);

    expect((await change(vc.id, 'suspend')).body.status).toBe('suspended');
    expect(await bitOf(lists.suspension, index)).toBe(true);
    expect(statusCheck((await verify(vc)).body)).toEqual({
      check: 'status',
      ok: false,
      message: 'suspended',
    });
    expect((await change(vc.id, 'reinstate')).body.status).toBe('active');
    expect(await bitOf(lists.suspension, index)).toBe(false);
    expect((await verify(vc)).status).toBe(200);

    expect((await change(vc.id, 'revoke')).body.status).toBe('revoked');
    expect([await bitOf(lists.revocation, index), await bitOf(lists.suspension, index)]).toEqual([
      true,
      false,
    ]);
    const revoked = await verify(vc);
    expect(failedChecks(revoked.body)).toEqual(['status']);
    expect(statusCheck(revoked.body).message).toBe('revoked');
    // Another credential on the same lists is untouched.
    expect((await verify(await issuedBefore())).status).toBe(200);
  });

  it('is not embedded in an award issued now: its two entries break the CLR schema the award names', async () => {
    const earlier = await issuedBefore();
    const awardOf = (parts: Json[], credentialId: string, credentialStatus: unknown) => ({
      ...buildClrCredential({
        credentialId,
        issuer: sampleInput(t.deps).issuer,
        learner: sampleInput(t.deps).learner,
        qualification: {
          id: t.deps.urls.qualification('vig'),
          code: 'VIG',
          title: 'Verzorgende IG',
          level: { name: 'mbo-3', nlqf: 3, eqf: 3 },
          criteria: ['Alle modules'],
          competencies: [],
        },
        parts,
        partAchievements: parts.map((p) => ({ achievementId: p.credentialSubject.achievement.id })),
        validFrom: '2026-11-22T09:00:00Z',
      }),
      credentialStatus,
    });
    const issueAward = (parts: Json[]) =>
      issueCredential(t.deps, {
        institutionId: 'han',
        format: 'ldp',
        build: (credentialId, credentialStatus) => awardOf(parts, credentialId, credentialStatus),
        audit: { actor: admin, action: 'qualification.awarded' },
      });

    // Its context is no obstacle: embedded in a document with today's contexts, it still expands in
    // safe mode (our stable context is not @protected, so the earlier one may define its terms again).
    const { documentLoader } = await signerFor(t.deps, 'han');
    const nquads = await canonize(awardOf([earlier], 'urn:uuid:x', {}), documentLoader);
    expect(nquads).toContain('<http://localhost:8787/vocab#studyLoadHours>');
    expect(nquads).toContain('<https://id.loopbrug.nl/vocab#educationLevel>');

    // 1EdTech's CLR schema allows an embedded credential one credentialStatus: an award that would not
    // meet the schema it names is refused before anything is signed or stored, naming the part.
    const before = await t.rowCounts();
    await expect(issueAward([earlier])).rejects.toMatchObject({
      kind: 'invalid',
      fields: [
        {
          field: 'credential.credentialSubject.verifiableCredential[0].credentialStatus',
          message: expect.stringContaining('Expected "object"'),
        },
      ],
    });
    expect(await t.rowCounts()).toEqual(before);

    const fresh = (
      await t.call('POST', '/credentials/issue', {
        as: opleider('han'),
        body: { credential: buildModuleCredential(sampleInput(t.deps)) },
      })
    ).body.verifiableCredential;
    const award = (await issueAward([fresh])).credential as Json;
    expect(award['@context']).toEqual([
      'https://www.w3.org/ns/credentials/v2',
      'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json',
      'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json',
      'https://id.loopbrug.nl/contexts/microcredential-v2.jsonld',
    ]);
    expect((await verify(award)).status).toBe(200);
  });
});
