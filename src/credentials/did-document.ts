import { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT } from './contexts.js';

/** A public verification method of an issuer: what the DID document lists. */
export interface VerificationMethod {
  id: string;
  type: 'Multikey';
  controller: string;
  publicKeyMultibase: string;
  /** When the key was declared compromised (security vocabulary `revoked`, in the Multikey context). */
  revoked?: string;
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
  /** When the key was marked compromised: nothing it signed verifies, whatever its date. */
  compromisedAt?: string;
}

/**
 * The DID document for these keys: every key as a Multikey verification method, and every key that
 * is not compromised as an assertion method; a compromised key is listed `revoked` (its date), so no
 * proof by it verifies, whatever date the proof claims.
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
      ...(k.compromisedAt ? { revoked: k.compromisedAt } : {}),
    })),
    assertionMethod: keys.filter((k) => !k.compromisedAt).map((k) => k.keyId),
  };
}
