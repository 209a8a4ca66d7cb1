import { describe, expect, it } from 'vitest';
import { startTestApp } from '../../tests/support/test-app.js';
import { operationIdOf, withOperationIds } from './operation-ids.js';

describe('operationIds', () => {
  it('are made from the method and path when an operation declares none', () => {
    expect(operationIdOf('get', '/routes')).toBe('getRoutes');
    expect(operationIdOf('post', '/routes/{id}/signoffs/reconcile')).toBe('postRoutesByIdSignoffsReconcile');
    expect(operationIdOf('get', '/institutions/{id}/did.json')).toBe('getInstitutionsByIdDidJson');
    expect(operationIdOf('post', '/learners/{id}/grants/{grantId}/withdraw')).toBe(
      'postLearnersByIdGrantsByGrantIdWithdraw',
    );
    const doc = withOperationIds({ paths: { '/a': { get: { operationId: 'mine' }, post: {} } } });
    expect(doc.paths['/a']).toEqual({ get: { operationId: 'mine' }, post: { operationId: 'postA' } });
  });

  it('every operation of /openapi.json has one, and no two share it', async () => {
    const { call } = await startTestApp();
    const res = await call('GET', '/openapi.json');
    const ids = Object.values(
      res.body.paths as Record<string, Record<string, { operationId?: string }>>,
    ).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(ids.length).toBeGreaterThan(80);
    expect(ids.filter((id) => typeof id !== 'string')).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
