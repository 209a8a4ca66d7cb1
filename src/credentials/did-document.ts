import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT } from './contexts.js';

/** A public verification method of an issuer: what the DID document lists. */
export interface VerificationMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

/** An issuer's DID document: every key it ever signed with, active and retired. */
export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: VerificationMethod[];
  assertionMethod: string[];
}

/** An issuer key as a verifier sees it: its public key, and when it stopped signing. */
export interface IssuerKeyInfo {
  /** The verification method id, `did:web:…#z6Mk…`. */
  keyId: string;
  publicKeyMultibase: string;
  createdAt: string;
  retiredAt: string | null;
}

/**
 * The DID document for these keys: every key as a Multikey verification and assertion method.
 * @example buildDidDocument('did:web:localhost%3A8787:institutions:han', keys).assertionMethod // [keys[0].keyId, …]
 */
export function buildDidDocument(did: string, keys: readonly IssuerKeyInfo[]): DidDocument {
  return {
    '@context': [DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT],
    id: did,
    verificationMethod: keys.map((k) => ({
      id: k.keyId,
      type: 'Multikey',
      controller: did,
      publicKeyMultibase: k.publicKeyMultibase,
    })),
    assertionMethod: keys.map((k) => k.keyId),
  };
}

/** What the instellingen that recognise a DID outside this service pinned as its DID document. */
export interface PinnedDid {
  /** The verification and assertion methods every pinned document lists alike; nothing else. */
  document: DidDocument;
  /** The instellingen whose recognition pins a document, by slug. */
  pinnedBy: string[];
  /** Whether the pinned documents differ, so that a key not listed alike in all of them was dropped. */
  disagree: boolean;
}

const sameMethod = (a: VerificationMethod, b: VerificationMethod) =>
  a.id === b.id && a.publicKeyMultibase === b.publicKeyMultibase;

/**
 * What the DID documents that instellingen pinned for one DID agree on. When they pinned different
 * documents, only the keys they all list alike count: taking the newest instead would let any one
 * instelling add a key to an issuer the others trust, and forge its credentials for them. A key one of
 * them has not pinned yet (a rotation half done) fails closed until it has. Undefined when none is pinned.
 * @example agreedDidDocument([{ pinnedBy: 'han', document }])?.pinnedBy // ['han']
 */
export function agreedDidDocument(
  pins: ReadonlyArray<{ pinnedBy: string; document: DidDocument }>,
): PinnedDid | undefined {
  const documents = pins.map((pin) => pin.document);
  const [first, ...rest] = documents;
  if (!first) return undefined;
  const verificationMethod = first.verificationMethod.filter((vm) =>
    rest.every((other) => other.verificationMethod.some((o) => sameMethod(vm, o))),
  );
  const agreed = new Set(verificationMethod.map((vm) => vm.id));
  const assertionMethod = first.assertionMethod.filter(
    (id) => agreed.has(id) && rest.every((other) => other.assertionMethod.includes(id)),
  );
  return {
    document: { ...first, verificationMethod, assertionMethod },
    pinnedBy: pins.map((pin) => pin.pinnedBy),
    disagree: documents.some(
      (d) =>
        d.verificationMethod.length !== verificationMethod.length ||
        d.assertionMethod.length !== assertionMethod.length,
    ),
  };
}

/**
 * Why a key is not among what the pinned documents agree on, naming who pinned them.
 * @example pinnedKeyMissing(pinned) // 'not listed alike in every pinned DID document (han, kw1c)'
 */
export const pinnedKeyMissing = (pinned: PinnedDid) =>
  pinned.disagree
    ? `not listed alike in every pinned DID document (${pinned.pinnedBy.join(', ')})`
    : `not in the DID document pinned by ${pinned.pinnedBy.join(', ')}`;
