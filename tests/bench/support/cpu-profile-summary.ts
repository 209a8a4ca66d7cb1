// Summarises a V8 .cpuprofile: the top frames by self time, and by total time for frames of our own
// code and the credential libraries. Usage: tsx tests/bench/support/cpu-profile-summary.ts file.cpuprofile [n]
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount: number;
  children?: number[];
}
const [file, count] = process.argv.slice(2) as [string, string | undefined];
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: Node[] };
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const total = profile.nodes.reduce((s, n) => s + n.hitCount, 0);
const label = (n: Node) => {
  const url = n.callFrame.url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/work\/main\//, '');
  return `${n.callFrame.functionName || '(anonymous)'} ${url}:${n.callFrame.lineNumber + 1}`;
};
const self = new Map<string, number>();
for (const n of profile.nodes) self.set(label(n), (self.get(label(n)) ?? 0) + n.hitCount);
// Inclusive time per label, counting a label once per stack.
const inclusive = new Map<string, number>();
const walk = (n: Node, seen: Set<string>): number => {
  let sum = n.hitCount;
  for (const c of n.children ?? []) {
    const child = byId.get(c);
    if (child) sum += walk(child, new Set([...seen, label(n)]));
  }
  if (!seen.has(label(n))) inclusive.set(label(n), (inclusive.get(label(n)) ?? 0) + sum);
  return sum;
};
const root = profile.nodes[0];
if (root) walk(root, new Set());
const top = (map: Map<string, number>) =>
  [...map]
    .sort((a, b) => b[1] - a[1])
    .slice(0, Number(count ?? 15))
    .map(([l, h]) => `${((100 * h) / total).toFixed(1).padStart(5)} %  ${l}`)
    .join('\n');
console.log(`self time (${total} samples)\n${top(self)}\n\ntotal time\n${top(inclusive)}`);
