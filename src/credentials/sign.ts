import { DomainError, fail } from '../kernel/errors.js';
import { inlineProofWork, type LibraryRefusal, libraryRefusal, type ProofWork } from './proof-work.js';
import { pathOf, undefinedTermsRefusal } from './undefined-terms.js';
import type { DocumentLoader, JsonObject, MultikeyPair } from './vc-library.js';

/** A credential with its Data Integrity proof. */
export type SignedCredential = JsonObject & { proof: JsonObject };

/** An issuer's active key, decrypted: only ever held in memory while signing. */
export interface SigningKey {
  /** The verification method id, `did:web:…#z6Mk…`. */
  keyId: string;
  /** The issuer's DID. */
  controller: string;
  key: MultikeyPair;
}

/** What signing as an instelling takes: its key, a document loader, and the moment of signing. */
export interface Signer {
  /** The instelling's slug, to name it in refusals. */
  institutionId: string;
  key: SigningKey;
  documentLoader: DocumentLoader;
  now: Date;
  /** Where the signing work runs: a pool of threads on Node; inline (this thread) when absent. */
  work?: ProofWork | undefined;
}

/**
 * The issuer's id, whether `issuer` is a URL or a Profile object.
 * @example issuerIdOf({ issuer: { id: 'did:web:example.org' } }) // 'did:web:example.org'
 */
export function issuerIdOf(credential: JsonObject): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as JsonObject).id === 'string')
    return (issuer as JsonObject).id as string;
  return undefined;
}

/**
 * What every format refuses before signing: an `issuer` that is not the signer's DID, or a credential
 * that already has a proof (invalid at `field`).
 * @example assertSignable(signer, unsigned, 'credential')
 */
export function assertSignable(signer: Signer, unsigned: JsonObject, field: string): void {
  const did = signer.key.controller;
  if (issuerIdOf(unsigned) !== did)
    throw fail.invalid(
      `${field}.issuer`,
      `the issuer must be ${did}, the ${did.startsWith('did:key:') ? 'did:key' : 'did:web'} of '${signer.institutionId}'`,
    );
  if ('proof' in unsigned) throw fail.invalid(`${field}.proof`, 'send the credential without a proof');
}

/**
 * Signs a credential as the signer's instelling: a DataIntegrityProof `eddsa-rdfc-2022` for
 * assertionMethod, with its key, where `signer.work` runs it (a thread of the pool on Node; inline when
 * absent). The credential's `issuer` must be the signer's DID. Refuses (invalid at `field`) a credential
 * that uses a term no context defines (naming it) or that JSON-LD safe mode refuses.
 * @example const signed = await signCredential(signer, buildModuleCredential(input));
 */
export async function signCredential(
  signer: Signer,
  unsigned: JsonObject,
  field = 'credential',
): Promise<SignedCredential> {
  assertSignable(signer, unsigned, field);
  const { keyId, key } = signer.key;
  const job = { credential: unsigned, keyId, key, now: signer.now };
  const outcome = await (signer.work ?? inlineProofWork).sign(job, signer.documentLoader);
  if ('signed' in outcome) return outcome.signed as SignedCredential;
  if ('undefinedTerms' in outcome) throw undefinedTermsRefusal(outcome.undefinedTerms, field);
  throw refusalOf(outcome.refused, unsigned, field);
}

/**
 * What to throw when signing `unsigned` failed: our own refusal as it is, a term JSON-LD safe mode
 * refused as invalid at that term's path, any other library error as invalid at the credential.
 * @example try { … } catch (error) { throw refusal(error, unsigned, 'credential'); }
 */
export function refusal(error: unknown, unsigned: JsonObject, field: string): DomainError {
  if (error instanceof DomainError) return error;
  return refusalOf(libraryRefusal(error), unsigned, field);
}

/** The refusal of what the library refused: at the refused term's path, or at the credential. */
function refusalOf(refused: LibraryRefusal, unsigned: JsonObject, field: string): DomainError {
  const { term, message } = refused;
  if (term === undefined) return fail.invalid(field, message);
  const where = pathOf(unsigned, term);
  return fail.invalid(
    where ? `${field}.${where}` : field,
    `'${term}' is not defined in any of the credential's JSON-LD contexts (${message})`,
  );
}
