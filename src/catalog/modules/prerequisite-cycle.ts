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
