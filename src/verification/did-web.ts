import {
  asList,
  asObject,
  DID_V1_CONTEXT,
  type DidDocument,
  type JsonObject,
  jwkToMultikey,
  MULTIKEY_V1_CONTEXT,
  type VerificationMethod,
} from '../credentials/index.js';

/**
 * Where a did:web's DID document is published, as the did:web method specifies: the method-specific id
 * is a host (a port percent-encoded, `%3A`) and optional path segments separated by colons, each
 * percent-decoded; no path gives `/.well-known/did.json`, a path `/<path>/did.json`, always over
 * HTTPS. Undefined when the DID is not a did:web or its id is not a host and path.
 * @example didWebUrl('did:web:localhost%3A8443:institutions:han') // 'https://localhost:8443/institutions/han/did.json'
 * @example didWebUrl('did:web:academie.example') // 'https://academie.example/.well-known/did.json'
 */
export function didWebUrl(did: string): string | undefined {
  const match = /^did:web:([^:#?/]+)((?::[^:#?/]+)*)$/.exec(did);
  if (!match) return undefined;
  try {
    const host = decodeURIComponent(match[1] ?? '');
    const path = (match[2] ?? '')
      .split(':')
      .filter((segment) => segment !== '')
      .map((segment) => encodeURIComponent(decodeURIComponent(segment)));
    if (!/^[a-z0-9.-]+(:\d{1,5})?$/i.test(host) && !/^\[[0-9a-f:.]+\](:\d{1,5})?$/i.test(host))
      return undefined;
    const url = new URL(`https://${host}`);
    url.pathname = path.length === 0 ? '/.well-known/did.json' : `/${path.join('/')}/did.json`;
    return url.href;
  } catch {
    return undefined;
  }
}

/** A method id as the document writes it: absolute, or relative to the DID (`#key-1`). */
const absolute = (did: string, id: unknown): string | undefined =>
  typeof id !== 'string' ? undefined : id.startsWith('#') ? `${did}${id}` : id;

/**
 * An Ed25519 verification method of `did` as a Multikey, or undefined for any other kind: a Multikey, an
 * `Ed25519VerificationKey2020` (the same multicodec `z6Mk…` value, as the DCC's issuers publish), or a
 * JsonWebKey.
 */
async function ed25519Method(did: string, value: JsonObject): Promise<VerificationMethod | undefined> {
  const id = absolute(did, value.id);
  const controller = absolute(did, value.controller) ?? did;
  if (!id?.startsWith(`${did}#`) || controller !== did) return undefined;
  const multibase = value.type === 'Multikey' || value.type === 'Ed25519VerificationKey2020';
  if (multibase && typeof value.publicKeyMultibase === 'string') {
    return value.publicKeyMultibase.startsWith('z6Mk')
      ? { id, type: 'Multikey', controller, publicKeyMultibase: value.publicKeyMultibase }
      : undefined;
  }
  const jwk = asObject(value.publicKeyJwk);
  if (!jwk || (value.type !== 'JsonWebKey' && value.type !== 'JsonWebKey2020')) return undefined;
  try {
    return { id, type: 'Multikey', controller, publicKeyMultibase: await jwkToMultikey(jwk) };
  } catch {
    return undefined;
  }
}

/**
 * A DID document another party published, as verification reads it: only its Ed25519 keys (Multikey,
 * Ed25519VerificationKey2020 or a JsonWebKey, each read as a Multikey), controlled by the DID itself, and the assertion and authentication relations that
 * name them; anything else in it is left out. Why it cannot be used, when it is not the DID's document.
 * @example await didDocumentFrom(await fetchJson(url, …), 'did:web:academie.example') // { id, verificationMethod, … }
 */
export async function didDocumentFrom(json: unknown, did: string): Promise<DidDocument | string> {
  const document = asObject(json);
  if (!document) return 'the DID document is not a JSON object';
  if (document.id !== did) return `the DID document is that of ${String(document.id)}, not of ${did}`;
  const relations = ['assertionMethod', 'authentication'] as const;
  const candidates = [
    ...asList(document.verificationMethod),
    ...relations.flatMap((relation) => asList(document[relation])),
  ]
    .map(asObject)
    .filter((vm): vm is JsonObject => vm !== undefined);
  const methods = new Map<string, VerificationMethod>();
  for (const candidate of candidates) {
    const method = await ed25519Method(did, candidate);
    if (method && !methods.has(method.id)) methods.set(method.id, method);
  }
  const idsOf = (relation: (typeof relations)[number]) => [
    ...new Set(
      asList(document[relation])
        .map((ref) => absolute(did, typeof ref === 'string' ? ref : asObject(ref)?.id))
        .filter((id): id is string => id !== undefined && methods.has(id)),
    ),
  ];
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: did,
    verificationMethod: [...methods.values()],
    assertionMethod: idsOf('assertionMethod'),
    authentication: idsOf('authentication'),
  };
}
