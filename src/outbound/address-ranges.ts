/**
 * Which IP addresses an outbound fetch may connect to. Only public unicast addresses: a DID, status
 * list or any other URL a credential names must never make this service reach into its own machine
 * or network (SSRF). Pure: both runtimes check URL literals with it, and Node checks every address a
 * host name resolves to as well (node-transport.ts).
 */

type Range = { bits: bigint; prefix: number; name: string };

const V4_BLOCKED: ReadonlyArray<[string, number, string]> = [
  ['0.0.0.0', 8, 'the unspecified "this network" range'],
  ['10.0.0.0', 8, 'a private network (10/8)'],
  ['100.64.0.0', 10, 'carrier-grade NAT shared space (100.64/10)'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'a private network (172.16/12)'],
  ['192.0.0.0', 24, 'IETF protocol assignments'],
  ['192.0.2.0', 24, 'documentation'],
  ['192.168.0.0', 16, 'a private network (192.168/16)'],
  ['198.18.0.0', 15, 'benchmarking'],
  ['198.51.100.0', 24, 'documentation'],
  ['203.0.113.0', 24, 'documentation'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved (and broadcast)'],
];

const V6_BLOCKED: ReadonlyArray<[string, number, string]> = [
  ['::', 128, 'the unspecified address'],
  ['::1', 128, 'loopback'],
  ['64:ff9b:1::', 48, 'local-use NAT64'],
  ['100::', 64, 'discard-only'],
  ['2001:db8::', 32, 'documentation'],
  ['fc00::', 7, 'unique-local (fc00::/7)'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'site-local'],
  ['ff00::', 8, 'multicast'],
];

/** IPv6 prefixes that carry an IPv4 address in their last 32 bits (or 6to4's bits 16–48). */
const V4_MAPPED = { bits: 0xffffn << 32n, prefix: 96 };
const V4_COMPATIBLE = { bits: 0n, prefix: 96 };
const NAT64 = { bits: 0x64ff9bn << 96n, prefix: 96 };
const SIX_TO_FOUR = { bits: 0x2002n << 112n, prefix: 16 };

function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  let value = 0n;
  for (const part of parts) {
    if (!/^\d{1,3}$/.test(part)) return undefined;
    const n = Number(part);
    if (n > 255) return undefined;
    value = (value << 8n) | BigInt(n);
  }
  return value;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const groupsOf = (half: string | undefined): number[] | undefined => {
    if (half === undefined || half === '') return [];
    const groups: number[] = [];
    const pieces = half.split(':');
    for (const [i, piece] of pieces.entries()) {
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseV4(piece);
        if (v4 === undefined) return undefined;
        groups.push(Number(v4 >> 16n), Number(v4 & 0xffffn));
      } else if (/^[0-9a-f]{1,4}$/i.test(piece)) groups.push(Number.parseInt(piece, 16));
      else return undefined;
    }
    return groups;
  };
  const head = groupsOf(halves[0]);
  const tail = groupsOf(halves[1]);
  if (!head || !tail) return undefined;
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<number>(halves.length === 1 ? 0 : missing).fill(0), ...tail];
  return groups.reduce((value, group) => (value << 16n) | BigInt(group), 0n);
}

const ranges = (width: number, list: ReadonlyArray<[string, number, string]>): Range[] =>
  list.map(([address, prefix, name]) => ({
    bits: (width === 32 ? parseV4(address) : parseV6(address)) ?? 0n,
    prefix,
    name,
  }));
const V4_RANGES = ranges(32, V4_BLOCKED);
const V6_RANGES = ranges(128, V6_BLOCKED);

const within = (value: bigint, width: number, range: { bits: bigint; prefix: number }) =>
  value >> BigInt(width - range.prefix) === range.bits >> BigInt(width - range.prefix);

function v4Range(value: bigint): string | undefined {
  return V4_RANGES.find((range) => within(value, 32, range))?.name;
}

/**
 * An IP address as written (IPv4 dotted, IPv6 with or without brackets), or undefined when the text is
 * not an IP address (a host name).
 * @example ipVersionOf('[::1]') // 6
 */
export function ipVersionOf(text: string): 4 | 6 | undefined {
  const bare = text.replace(/^\[(.*)\]$/, '$1');
  if (parseV4(bare) !== undefined) return 4;
  return parseV6(bare) !== undefined ? 6 : undefined;
}

/**
 * Why an outbound fetch must not connect to this IP address (the range it is in), or undefined for a
 * public unicast address. IPv6 forms that embed an IPv4 address (mapped, compatible, NAT64, 6to4) are
 * judged by that address. Not an IP address at all: 'not an IP address'.
 * @example blockedRange('10.1.2.3') // 'a private network (10/8)'
 * @example blockedRange('::ffff:127.0.0.1') // 'loopback'
 * @example blockedRange('93.184.215.14') // undefined
 */
export function blockedRange(address: string): string | undefined {
  const bare = address.replace(/^\[(.*)\]$/, '$1');
  const v4 = parseV4(bare);
  if (v4 !== undefined) return v4Range(v4);
  const v6 = parseV6(bare);
  if (v6 === undefined) return 'not an IP address';
  const named = V6_RANGES.find((range) => within(v6, 128, range))?.name;
  if (named) return named;
  for (const embedding of [V4_MAPPED, V4_COMPATIBLE, NAT64])
    if (within(v6, 128, embedding)) return v4Range(v6 & 0xffffffffn);
  if (within(v6, 128, SIX_TO_FOUR)) return v4Range((v6 >> 80n) & 0xffffffffn);
  return undefined;
}

/**
 * Whether a URL's host name is this machine: `localhost` (and `*.localhost`, which resolves there
 * too), 127.0.0.0/8 or ::1. Development mode allows plain HTTP to these only.
 * @example isLoopbackHost('localhost') // true
 * @example isLoopbackHost('[::1]') // true
 */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  return ipVersionOf(host) !== undefined && blockedRange(host) === 'loopback';
}
