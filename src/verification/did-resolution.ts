import {
  type AssertionKey,
  asList,
  asObject,
  buildDidDocument,
  type DidDocument,
  type DidResolution,
  type JsonObject,
  type ResolvedIssuer,
  resolveDidKey,
} from '../credentials/index.js';
import type { Deps } from '../kernel/ports.js';
import { type BoundedCache, cacheOf } from './bounded-cache.js';
import { didJwkDocument } from './did-jwk.js';
import { didDocumentFrom, didWebUrl } from './did-web.js';

/** What resolving a DID reads: the database (ours, pins), the guarded fetcher and the clock (cache). */
export type ResolveDeps = Pick<Deps, 'db' | 'urls' | 'now' | 'fetchJson' | 'published'>;

/** A resolved DID: its document, how it was found, and when keys of ours were retired. */
type Resolved = { document: JsonObject; source: string; retired?: ReadonlyMap<string, string> };

// A did:web document fetched from its host, per deployment: kept five minutes (a rotation shows within
// that), at most 500 of them, never a failure (a host that comes back is used again at once).
const fetchedDocuments = new WeakMap<object, BoundedCache<DidDocument>>();
const DOCUMENT_TTL_MS = 5 * 60_000;
const MAX_DOCUMENTS = 500;
const MAX_DOCUMENT_BYTES = 64 * 1024;

/** An instelling of this deployment: its DID document from the keys it holds, retired ones included. */
async function ours(deps: ResolveDeps, slug: string): Promise<Resolved | { unavailable: string }> {
  const institution = await deps.db.kysely
    .selectFrom('institution')
    .select('id')
    .where('id', '=', slug)
    .executeTakeFirst();
  if (!institution) return { unavailable: `there is no instelling '${slug}' in this service` };
  const keys = await deps.published.issuerKeys(deps, slug);
  if (keys.length === 0) return { unavailable: `instelling '${slug}' has no issuer keys` };
  const retired = new Map(
    keys.flatMap((k) => (k.retiredAt === null ? [] : [[k.keyId, k.retiredAt] as const])),
  );
  return {
    document: { ...buildDidDocument(deps.urls.issuerDid(slug), keys) },
    source: `instelling '${slug}' of this service`,
    retired,
  };
}

/** The DID document `institutionId` pinned with its recognition of `did`, if it pinned one. */
async function pinnedBy(
  deps: ResolveDeps,
  institutionId: string,
  did: string,
): Promise<DidDocument | undefined> {
  const row = await deps.db.kysely
    .selectFrom('recognition')
    .select('did_document')
    .where('institution_id', '=', institutionId)
    .where('issuer_did', '=', did)
    .where('did_document', 'is not', null)
    .executeTakeFirst();
  // Validated and normalised when pinned (src/stacking/recognition-store.ts).
  return row?.did_document ? (JSON.parse(row.did_document) as DidDocument) : undefined;
}

/** A did:web of another party, from its host over HTTPS through the guarded fetcher, cached. */
async function fetchedDidWeb(deps: ResolveDeps, did: string): Promise<Resolved | { unavailable: string }> {
  const url = didWebUrl(did);
  if (!url) return { unavailable: 'not a did:web host and path' };
  const source = `its DID document at ${url}`;
  const cache = cacheOf(fetchedDocuments, deps.db, MAX_DOCUMENTS);
  const now = deps.now().getTime();
  const cached = cache.get(did, now);
  if (cached) return { document: { ...cached }, source };
  let json: unknown;
  try {
    json = await deps.fetchJson(url, {
      accept: 'application/did+json, application/did+ld+json, application/json',
      maxBytes: MAX_DOCUMENT_BYTES,
    });
  } catch (error) {
    return { unavailable: error instanceof Error ? error.message : String(error) };
  }
  const document = await didDocumentFrom(json, did);
  if (typeof document === 'string') return { unavailable: `${url}: ${document}` };
  cache.set(did, document, now + DOCUMENT_TTL_MS, now);
  return { document: { ...document }, source };
}

/**
 * How DIDs resolve for one verification, relative to a relying party or to none (the public
 * verifier): an instelling of this deployment from the database; did:key and did:jwk locally; a
 * did:web of anyone else from the DID document the relying party pinned with its recognition, if it
 * pinned one, else over HTTPS from its host. A document pinned by one instelling is never used for
 * another, nor for the public verifier. Each DID resolves once per resolution.
 * @example const { resolveDid, resolveIssuer } = didResolution(deps, 'han');
 */
export function didResolution(deps: ResolveDeps, relyingParty?: string) {
  const resolving = new Map<string, Promise<Resolved | { unavailable: string }>>();

  async function resolveOnce(did: string): Promise<Resolved | { unavailable: string }> {
    const slug = deps.urls.institutionOfDid(did);
    if (slug) return ours(deps, slug);
    if (did.startsWith('did:key:')) {
      try {
        return { document: await resolveDidKey(did), source: 'did:key issuer' };
      } catch (error) {
        return { unavailable: `not a resolvable Ed25519 did:key (${String(error)})` };
      }
    }
    if (did.startsWith('did:jwk:')) {
      const document = await didJwkDocument(did);
      return typeof document === 'string'
        ? { unavailable: document }
        : { document: { ...document }, source: 'did:jwk issuer' };
    }
    if (!did.startsWith('did:web:'))
      return { unavailable: 'only did:web, did:key and did:jwk are resolved here' };
    const pinned = relyingParty === undefined ? undefined : await pinnedBy(deps, relyingParty, did);
    if (pinned)
      return {
        document: { ...pinned },
        source: `the DID document '${relyingParty}' pinned with its recognition`,
      };
    return fetchedDidWeb(deps, did);
  }

  const resolve = (did: string) => {
    let pending = resolving.get(did);
    if (!pending) {
      pending = resolveOnce(did);
      resolving.set(did, pending);
    }
    return pending;
  };

  return {
    /** The DID's document, or why it does not resolve: what the document loader serves. */
    async resolveDid(did: string): Promise<DidResolution> {
      const resolved = await resolve(did);
      return 'unavailable' in resolved ? resolved : { document: resolved.document };
    },
    /** The DID's assertion keys, and how they were found. */
    async resolveIssuer(did: string): Promise<ResolvedIssuer> {
      const resolved = await resolve(did);
      if ('unavailable' in resolved) return resolved;
      const { document, source, retired } = resolved;
      const methods = asList(document.verificationMethod).map(asObject);
      const keys = asList(document.assertionMethod).flatMap((ref): AssertionKey[] => {
        const id = typeof ref === 'string' ? ref : asObject(ref)?.id;
        const method = methods.find((vm) => vm?.id === id);
        if (typeof id !== 'string' || typeof method?.publicKeyMultibase !== 'string') return [];
        return [
          { keyId: id, publicKeyMultibase: method.publicKeyMultibase, retiredAt: retired?.get(id) ?? null },
        ];
      });
      return { keys, source };
    },
  };
}
