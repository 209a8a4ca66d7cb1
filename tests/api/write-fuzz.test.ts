import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFixtures } from '../../src/fixtures/load-fixtures.js';
import { readFixtureFiles } from '../../src/fixtures/read-fixture-files.js';
import { admin, startTestApp } from '../support/test-app.js';

type Operation = { method: 'POST' | 'PATCH'; path: string; fields: string[] };
type OpenApi = {
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: { $ref?: string } }> } }>
  >;
  components: { schemas: Record<string, { properties?: Record<string, unknown> }> };
};

/** Every write operation the API documents, with the top-level field names of its body. */
function writeOperations(doc: OpenApi): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => method === 'post' || method === 'patch')
      .map(([method, op]) => {
        const ref = op.requestBody?.content['application/json']?.schema.$ref;
        const schema = ref ? doc.components.schemas[ref.split('/').pop() as string] : undefined;
        return {
          method: method.toUpperCase() as Operation['method'],
          path,
          fields: Object.keys(schema?.properties ?? {}),
        };
      }),
  );
}

describe('random and malformed JSON to every write endpoint', () => {
  let t: Awaited<ReturnType<typeof startTestApp>>;
  let operations: Operation[];
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp();
    await loadFixtures(t.deps, readFixtureFiles());
    operations = writeOperations((await t.call('GET', '/openapi.json')).body);
    for (const collection of [
      'institutions',
      'learning-outcomes',
      'modules',
      'qualifications',
      'employers',
      'roles',
      'assessors',
    ]) {
      ids[collection] = (await t.call('GET', `/${collection}?limit=1`, { as: admin })).body.items[0].id;
    }
  });

  it('covers every documented write endpoint', () => {
    expect(operations.length).toBeGreaterThanOrEqual(17);
  });

  it('never answers 5xx and never writes a row when it refuses', async () => {
    const body = (fields: string[]) =>
      fc.oneof(
        // Arbitrary JSON values: arrays, strings, numbers, null, nested objects.
        fc.jsonValue().map((v) => JSON.stringify(v)),
        // Objects with the endpoint's own field names and random values, to get past the first checks.
        fc
          .dictionary(fc.constantFrom(...(fields.length ? fields : ['x'])), fc.jsonValue(), { maxKeys: 8 })
          .map((v) => JSON.stringify(v)),
        // Text that is not JSON at all, or JSON cut short.
        fc.string(),
        fc.jsonValue().map((v) => JSON.stringify(v).slice(0, -1)),
      );
    const statuses = new Map<number, number>();
    for (const op of operations) {
      const path = op.path.replace('{id}', ids[op.path.split('/')[1] as string] ?? 'onbekend');
      await fc.assert(
        fc.asyncProperty(body(op.fields), async (text) => {
          const before = t.rowCounts();
          const res = await t.call(op.method, path, { as: admin, body: text });
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect(res.status, `${op.method} ${path} ${text}`).toBeLessThan(500);
          if (res.status >= 400) {
            expect(res.headers.get('content-type')).toBe('application/problem+json');
            expect(t.rowCounts(), `${op.method} ${path} ${text}`).toEqual(before);
          }
        }),
        { numRuns: 60 },
      );
    }
    // The generators reach validation for real: most requests are refused as 4xx.
    const refused = [...statuses].filter(([s]) => s >= 400).reduce((n, [, count]) => n + count, 0);
    expect(refused).toBeGreaterThan(operations.length * 50);
    // Bounded by numRuns per endpoint; the time grows with the number of endpoints, not by chance.
  }, 180_000);
});
