import { sql } from 'kysely';
import { fail } from '../../kernel/errors.js';
import type { DbDeps } from '../../kernel/ports.js';

/**
 * Finds a prerequisite cycle that passes through `start`, given each module's prerequisites.
 * Returns the cycle as a path that begins and ends with `start`, or undefined when there is none.
 * Depth-first with an explicit stack, so deep chains cannot overflow the call stack.
 *
 * @example
 * findCycleThrough('a', new Map([['a', ['b']], ['b', ['a']]])) // ['a', 'b', 'a']
 */
export function findCycleThrough(
  start: string,
  prerequisitesOf: ReadonlyMap<string, readonly string[]>,
): string[] | undefined {
  const visited = new Set<string>();
  const path: string[] = [start];
  const stack: Array<{ node: string; next: number }> = [{ node: start, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1] as { node: string; next: number };
    const edges = prerequisitesOf.get(top.node) ?? [];
    if (top.next >= edges.length) {
      stack.pop();
      path.pop();
      continue;
    }
    const next = edges[top.next++] as string;
    if (next === start) return [...path, start];
    if (visited.has(next)) continue;
    visited.add(next);
    stack.push({ node: next, next: 0 });
    path.push(next);
  }
  return undefined;
}

/**
 * Refuses prerequisites that would close a cycle through this module, naming the cycle by module codes.
 * @example await assertNoCycle(deps, moduleId, content.prerequisites.modules)
 */
export async function assertNoCycle(deps: DbDeps, moduleId: string, prerequisites: readonly string[]) {
  if (prerequisites.length === 0) return;
  const reachable = await sql<{ module_id: string; prerequisite_id: string }>`
    WITH RECURSIVE reach(id) AS (
      SELECT value FROM json_each(${JSON.stringify(prerequisites)})
      UNION SELECT p.prerequisite_id FROM module_prerequisite p JOIN reach r ON p.module_id = r.id
    )
    SELECT p.module_id, p.prerequisite_id FROM module_prerequisite p WHERE p.module_id IN (SELECT id FROM reach)
  `.execute(deps.db.kysely);
  const edges = new Map<string, string[]>([[moduleId, [...prerequisites]]]);
  for (const { module_id, prerequisite_id } of reachable.rows) {
    if (module_id === moduleId) continue;
    edges.set(module_id, [...(edges.get(module_id) ?? []), prerequisite_id]);
  }
  const cycle = findCycleThrough(moduleId, edges);
  if (!cycle) return;
  const codes = new Map(
    (await deps.db.kysely.selectFrom('module').select(['id', 'code']).where('id', 'in', cycle).execute()).map(
      (r) => [r.id, r.code],
    ),
  );
  const named = cycle.map((id) => codes.get(id) ?? id).join(' → ');
  throw fail.refused('Prerequisite cycle', `These prerequisites would form a cycle: ${named}.`, [
    { field: 'prerequisites.modules', message: `cycle: ${named}` },
  ]);
}
