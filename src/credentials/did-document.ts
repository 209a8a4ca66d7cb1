import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT } from './contexts.js';

/** A public verification method of an issuer: what the DID document lists. */
export interface VerificationMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
}

/**
 * A DID document as verification reads it: Ed25519 Multikey verification methods, those that assert
 * (sign credentials) and those that authenticate (sign presentations). An instelling's lists every key
 * it ever signed with, active and retired.
 */
export interface DidDocument {
  '@context': string[];
  id: string;
  verificationMethod: VerificationMethod[];
  assertionMethod: string[];
  authentication?: string[];
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
