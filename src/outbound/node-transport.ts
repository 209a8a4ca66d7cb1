import { type LookupOptions, lookup } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, fetch } from 'undici';
import { blockedRange } from './address-ranges.js';
import { OutboundError, type Transport } from './guarded-fetch.js';

/**
 * A `dns.lookup` that refuses a host name resolving to any address outside the public unicast ranges:
 * the check is made on the addresses the connection then uses, so a name that resolves to an internal
 * address, first or on a second lookup (DNS rebinding), is never connected to.
 */
function guardedLookup(allowPrivateNetwork: boolean): LookupFunction {
  return (hostname: string, options: LookupOptions, callback) => {
    lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      const blocked = allowPrivateNetwork
        ? undefined
        : addresses.map((a) => ({ ...a, range: blockedRange(a.address) })).find((a) => a.range);
      if (blocked)
        return callback(
          new OutboundError(
            hostname,
            `${hostname} resolves to ${blocked.address}, ${blocked.range}, which is never reached outside development mode`,
          ),
          [],
        );
      if (options.all) return callback(null, addresses);
      const [first] = addresses;
      if (!first)
        return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}

/**
 * The Node transport of the guarded fetcher: undici over a connection pool whose DNS lookup refuses
 * internal addresses (unless `allowPrivateNetwork`, development mode) and that trusts `ca` besides the
 * system's roots (tests pass their self-signed certificate). The Node entry builds it; the Workers
 * bundle never imports this file (it would pull in undici and node:dns).
 * @example guardedFetcher({ transport: nodeTransport({ allowPrivateNetwork: false }), allowPrivateNetwork: false })
 */
export function nodeTransport(options: { allowPrivateNetwork: boolean; ca?: string | undefined }): Transport {
  const dispatcher = new Agent({
    connect: {
      lookup: guardedLookup(options.allowPrivateNetwork),
      ...(options.ca === undefined ? {} : { ca: options.ca }),
    },
  });
  return async (url, init) => fetch(url, { ...init, dispatcher });
}
