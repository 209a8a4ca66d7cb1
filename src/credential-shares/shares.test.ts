import { beforeAll, describe, expect, it } from 'vitest';
import { learner, praktijkopleider } from '../../tests/support/principals.js';
import { startScenarioApp } from '../../tests/support/scenario-app.js';
import { willemsRoute } from '../../tests/support/signed-off-route.js';

// Share links over HTTP on SQLite: the learner makes and withdraws public links to their credential;
// a link shows the credential as issued to anyone, and a withdrawn, altered or unknown one is 404.

describe('public links to a credential', () => {
  let s: Awaited<ReturnType<typeof startScenarioApp>>;
  let credentialPath = '';
  let document: Record<string, unknown>;
  const willem = learner('willem');

  beforeAll(async () => {
    s = await startScenarioApp();
    const { credential } = await willemsRoute(s);
    credentialPath = `/credentials/${encodeURIComponent(credential.id)}`;
    document = credential.verifiableCredential;
  }, 60_000);

  it('the learner makes a link; anyone reads the credential through it, as issued', async () => {
    const share = await s.expectStatus(s.t.call('POST', `${credentialPath}/shares`, { as: willem }), 201);
    expect(share.url).toBe(`${s.t.deps.urls.base}/verify/${share.id}`);
    expect(share.id).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const shared = await s.t.call('GET', `/shared-credentials/${share.id}`);
    expect(shared.status).toBe(200);
    expect(shared.body.verifiableCredential).toEqual(document);
    const audit = s.t.db.sqlite
      .prepare(
        "SELECT action FROM audit_event WHERE resource_type = 'credential' AND action LIKE 'credential.share%'",
      )
      .all();
    expect(audit).toEqual([{ action: 'credential.shared' }]);
  });

  it('a withdrawn link is 404 from then on; withdrawing it again changes nothing', async () => {
    const share = await s.expectStatus(s.t.call('POST', `${credentialPath}/shares`, { as: willem }), 201);
    const withdrawn = await s.expectStatus(
      s.t.call('POST', `${credentialPath}/shares/${share.id}/withdraw`, { as: willem }),
      200,
    );
    expect(withdrawn.withdrawnAt).toBe(s.t.deps.now().toISOString());
    expect((await s.t.call('GET', `/shared-credentials/${share.id}`)).status).toBe(404);
    const again = await s.expectStatus(
      s.t.call('POST', `${credentialPath}/shares/${share.id}/withdraw`, { as: willem }),
      200,
    );
    expect(again.withdrawnAt).toBe(withdrawn.withdrawnAt);
    const list = await s.expectStatus(s.t.call('GET', `${credentialPath}/shares`, { as: willem }), 200);
    expect(
      list.items.map((i: { id: string; withdrawnAt?: string }) => [i.id === share.id, !!i.withdrawnAt]),
    ).toContainEqual([true, true]);
  });

  it('an altered or unknown link is 404', async () => {
    const share = await s.expectStatus(s.t.call('POST', `${credentialPath}/shares`, { as: willem }), 201);
    const altered = `${share.id.slice(0, -1)}${share.id.endsWith('A') ? 'B' : 'A'}`;
    expect((await s.t.call('GET', `/shared-credentials/${altered}`)).status).toBe(404);
    expect((await s.t.call('GET', '/shared-credentials/nothing')).status).toBe(404);
  });

  it('only the learner it was issued to shares it; a link of another credential is not withdrawn through this one', async () => {
    for (const as of [learner('anne'), praktijkopleider('ksu', 'pol-ksu-1')])
      expect((await s.t.call('POST', `${credentialPath}/shares`, { as })).status).toBe(403);
    expect((await s.t.call('POST', `${credentialPath}/shares/unknown/withdraw`, { as: willem })).status).toBe(
      404,
    );
  });

  it('a learner who erases themselves takes their links with them', async () => {
    const share = await s.expectStatus(s.t.call('POST', `${credentialPath}/shares`, { as: willem }), 201);
    const me = s.t.db.sqlite.prepare("SELECT id FROM learner WHERE subject = 'willem'").get() as {
      id: string;
    };
    await s.expectStatus(s.t.call('DELETE', `/learners/${me.id}`, { as: willem }), 200);
    expect((await s.t.call('GET', `/shared-credentials/${share.id}`)).status).toBe(404);
  });
});
