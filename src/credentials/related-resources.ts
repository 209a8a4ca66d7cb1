/**
 * `relatedResource` (VC Data Model 2.0 §5.3, Integrity of Related Resources): each entry an object with a
 * unique URL `id` and a `digestSRI` (`sha384-<base64>`) and/or `digestMultibase` (a multibase multihash),
 * and a digest that does not match its resource is an error.
 *
 * Which digests are checked: those of resources this service holds byte for byte, since a digest is of
 * the bytes a URL serves. That is 1EdTech's vendored OBv3 and CLR schemas and CLR context (copied
 * unmodified, their digests below, checked against the files by a test), and what every deployment
 * publishes itself: our stable contexts and, under this deployment's own URL, our schemas, served as
 * their JSON (`JSON.stringify`). Any other resource is never fetched (contexts and schemas are bundled,
 * and outbound requests are limited to DID documents and status lists), so its digest is not checked:
 * it is accepted well formed, and verification says it was not checked. The other bundled contexts come
 * from npm packages as parsed JSON, not as the bytes their publishers serve, so they are not checked
 * either rather than checked against bytes that may differ.
 */
import { PUBLISHED_SCHEMAS } from '../../schemas/credentials.js';
import type { PublicUrls } from '../kernel/urls.js';
import {
  BUNDLED_CONTEXTS,
  CLR_V2_CONTEXT,
  LOOPBRUG_CONTEXT,
  loopbrugContext,
  MICROCREDENTIAL_CONTEXT_NAMES,
} from './contexts.js';
import { CLR_CREDENTIAL_SCHEMA, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA } from './credential-schemas.js';
import { asList, asObject } from './json-values.js';
import type { JsonObject } from './vc-library.js';

type Algorithm = 'sha256' | 'sha384' | 'sha512';
const WEB_CRYPTO: Record<Algorithm, string> = { sha256: 'SHA-256', sha384: 'SHA-384', sha512: 'SHA-512' };
/** Multihash codes (and digest lengths) of the SHA-2 digests. */
const MULTIHASH: Record<number, { algorithm: Algorithm; length: number }> = {
  18: { algorithm: 'sha256', length: 32 },
  32: { algorithm: 'sha384', length: 48 },
  19: { algorithm: 'sha512', length: 64 },
};

/**
 * The SHA-2 digests (base64) of the vendored 1EdTech files, as `schemas/vendor/1edtech/` holds them and
 * their canonical URLs serve them (credential-schemas.test.ts recomputes them from the files).
 */
export const VENDORED_DIGESTS: ReadonlyMap<string, Readonly<Record<Algorithm, string>>> = new Map([
  [
    OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
    {
      sha256: 'tzWOiV9JLnQFXca/x//EINDkl/kMRXn7g9lRm4bTk+o=',
      sha384: 'WHDOCAa4piCjLI90QmNJvNwOcdmqQQdrJt85rk/RDXr4z0m23qusAPQN9aAtQP+T',
      sha512: 'wEPN6iYEy7aRRjZzDWvxOjzP1fc3KVX797SNTBxYYIU3AAEfzFHIvolnzR5yh56PbyrLvWQDy+4A+XM2GH6WZw==',
    },
  ],
  [
    CLR_CREDENTIAL_SCHEMA,
    {
      sha256: 'Wdd4ZZIEsL1ZPp4qsWg/tvaI4zmIXEQBn2Bu1v60yu4=',
      sha384: 'cl2fPkPDzl5Y8bxMR9zxsqed0j3r+OGan72tHLtLltPBSVzrN4FhVKWax9p8VOKf',
      sha512: 'WIMArIf2G/9dhA8S4vKxEmTcTjRQ7DFamX3RYLPQBhOoQZ4ie2ibW473n8sFVq5r1SSDFcsMB4XSLIvhT14NQg==',
    },
  ],
  [
    CLR_V2_CONTEXT,
    {
      sha256: 'iA8ZAtQVjy8zzgavQbkHGZd80eozep3i5B7bP/XlQ9Y=',
      sha384: 'qEatkjaZxn310JMkE0xkXR4V9EKfJIhWy/HKiWd2TPh0FHbqVX3VBciR/kfiSHod',
      sha512: 'oSLIySQ+U/k/B1Gn+0QH8Rh6mbZu8YYMjRA3310Ow8jZ8vyn3jgXCa85AnfIua0593ex5QW0/SbISfoKnja1xA==',
    },
  ],
]);

/** What a deployment publishes itself, by URL: the JSON whose serialisation it serves. */
export type PublishedResources = (url: string) => object | undefined;

/**
 * What the deployment at `urls` publishes: our stable contexts (every deployment serves the same JSON),
 * and under its own URL its schemas and its per-deployment context of before.
 * @example publishedBy(deps.urls)('https://id.loopbrug.nl/contexts/microcredential-v2.jsonld') // { '@context': … }
 */
export const publishedBy =
  (urls: Pick<PublicUrls, 'base' | 'context' | 'schemaNameOf'>): PublishedResources =>
  (url) => {
    if ([...MICROCREDENTIAL_CONTEXT_NAMES.values()].includes(url)) return BUNDLED_CONTEXTS.get(url);
    if (url === urls.context(LOOPBRUG_CONTEXT)) return loopbrugContext(urls.base);
    const schema = urls.schemaNameOf(url);
    return schema !== undefined && Object.hasOwn(PUBLISHED_SCHEMAS, schema)
      ? PUBLISHED_SCHEMAS[schema]
      : undefined;
  };

/** A digest this service can compare: the algorithm and the bytes the credential states. */
type Stated = { algorithm: Algorithm; digest: Uint8Array } | { unsupported: string } | { malformed: string };

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

function base58Decode(text: string): Uint8Array | undefined {
  let value = 0n;
  for (const char of text) {
    const digit = BASE58.indexOf(char);
    if (digit < 0) return undefined;
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  for (; value > 0n; value /= 256n) bytes.unshift(Number(value % 256n));
  const zeros = /^1*/.exec(text)?.[0].length ?? 0;
  return Uint8Array.from([...new Array(zeros).fill(0), ...bytes]);
}

function decodeBase64(text: string, url: boolean): Uint8Array | undefined {
  const standard = url ? text.replaceAll('-', '+').replaceAll('_', '/') : text;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(standard)) return undefined;
  try {
    return Uint8Array.from(atob(standard.padEnd(Math.ceil(standard.length / 4) * 4, '=')), (c) =>
      c.charCodeAt(0),
    );
  } catch {
    return undefined;
  }
}

/** `digestSRI`: `sha256-…`, `sha384-…` or `sha512-…` with a base64 digest of the right length. */
function statedSri(value: unknown): Stated {
  const match = typeof value === 'string' ? /^(sha\d+)-(.+)$/.exec(value) : null;
  if (!match) return { malformed: 'digestSRI must be <algorithm>-<base64 digest>, e.g. sha384-…' };
  const algorithm = match[1] as Algorithm;
  if (!(algorithm in WEB_CRYPTO)) return { unsupported: `digestSRI algorithm ${match[1]}` };
  const digest = decodeBase64(match[2] ?? '', false);
  const length = { sha256: 32, sha384: 48, sha512: 64 }[algorithm];
  if (digest?.length !== length)
    return { malformed: `digestSRI is not a base64 ${algorithm} digest (${length} bytes)` };
  return { algorithm, digest };
}

/** `digestMultibase`: a multibase (`u` base64url, `z` base58btc) multihash of a SHA-2 digest. */
function statedMultibase(value: unknown): Stated {
  if (typeof value !== 'string' || value.length < 2)
    return { malformed: 'digestMultibase must be a multibase-encoded multihash' };
  const bytes =
    value[0] === 'u'
      ? decodeBase64(value.slice(1), true)
      : value[0] === 'z'
        ? base58Decode(value.slice(1))
        : undefined;
  if (!bytes) return { malformed: 'digestMultibase must be base64url (u…) or base58btc (z…) multibase' };
  const [code = -1, length = -1] = bytes;
  const hash = MULTIHASH[code];
  if (!hash) return { unsupported: `digestMultibase multihash code 0x${code.toString(16)}` };
  if (length !== hash.length || bytes.length !== hash.length + 2)
    return { malformed: `digestMultibase is not a ${hash.algorithm} multihash` };
  return { algorithm: hash.algorithm, digest: bytes.slice(2) };
}

const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((byte, i) => byte === b[i]);

/** The digest of a resource this service holds, or undefined when it holds none at `url`. */
async function heldDigest(
  url: string,
  algorithm: Algorithm,
  published: PublishedResources,
): Promise<Uint8Array | undefined> {
  const vendored = VENDORED_DIGESTS.get(url);
  if (vendored) return decodeBase64(vendored[algorithm], false);
  const document = published(url);
  if (!document) return undefined;
  const bytes = new TextEncoder().encode(JSON.stringify(document));
  return new Uint8Array(await crypto.subtle.digest(WEB_CRYPTO[algorithm], bytes));
}

/** One error of a credential's `relatedResource`, at its path. */
export interface RelatedResourceError {
  path: string;
  message: string;
}

const isUrl = (value: unknown): value is string =>
  typeof value === 'string' && /^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(value);

/**
 * What is wrong with a credential's `relatedResource` (VC Data Model 2.0 §5.3): entries that are not
 * objects, an `id` that is not a URL or not unique, no digest, a digest that is not well formed, and a
 * digest that does not match a resource this service holds (see the file comment). `unchecked` names
 * the resources whose digests could not be compared (not held here, or an algorithm other than SHA-2).
 * @example await relatedResourceErrors({ relatedResource: [{ id: OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, digestSRI: 'sha384-…' }] }, publishedBy(deps.urls))
 */
export async function relatedResourceErrors(
  credential: JsonObject,
  published: PublishedResources,
): Promise<{ errors: RelatedResourceError[]; unchecked: string[] }> {
  const value = credential.relatedResource;
  if (value === undefined) return { errors: [], unchecked: [] };
  const entries = asList(value);
  const errors: RelatedResourceError[] = [];
  const unchecked: string[] = [];
  const seen = new Set<string>();
  for (const [i, item] of entries.entries()) {
    const path = Array.isArray(value) ? `relatedResource[${i}]` : 'relatedResource';
    const entry = asObject(item);
    if (!entry) {
      errors.push({ path, message: 'must be an object with an id and a digest' });
      continue;
    }
    if (!isUrl(entry.id)) {
      errors.push({ path: `${path}.id`, message: 'must be a URL' });
      continue;
    }
    if (seen.has(entry.id)) errors.push({ path: `${path}.id`, message: `${entry.id} is listed twice` });
    seen.add(entry.id);
    const stated: Array<[string, Stated]> = [
      ...(entry.digestSRI === undefined
        ? []
        : [['digestSRI', statedSri(entry.digestSRI)] as [string, Stated]]),
      ...(entry.digestMultibase === undefined
        ? []
        : [['digestMultibase', statedMultibase(entry.digestMultibase)] as [string, Stated]]),
    ];
    if (stated.length === 0) {
      errors.push({ path, message: 'needs digestSRI or digestMultibase' });
      continue;
    }
    let compared = false;
    for (const [field, digest] of stated) {
      if ('malformed' in digest) errors.push({ path: `${path}.${field}`, message: digest.malformed });
      if (!('algorithm' in digest)) continue;
      const held = await heldDigest(entry.id, digest.algorithm, published);
      if (!held) continue;
      compared = true;
      if (!equal(held, digest.digest))
        errors.push({
          path: `${path}.${field}`,
          message: `does not match ${entry.id} (its ${digest.algorithm} digest differs)`,
        });
    }
    if (!compared) unchecked.push(entry.id);
  }
  return { errors, unchecked };
}
