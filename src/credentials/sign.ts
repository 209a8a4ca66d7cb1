import { DomainError, fail } from '../kernel/errors.js';
import { issuerDependentTerms, pathOf, undefinedTermsRefusal } from './undefined-terms.js';
import { type DocumentLoader, type JsonObject, type MultikeyPair, signDataIntegrity } from './vc-library.js';

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
 * assertionMethod, with its key. The credential's `issuer` must be the signer's DID. Refuses (invalid
 * at `field`) a credential that uses a term no context defines (naming it) or that JSON-LD safe mode
 * refuses.
 * @example const signed = await signCredential(signer, buildModuleCredential(input));
 */
export async function signCredential(
  signer: Signer,
  unsigned: JsonObject,
  field = 'credential',
): Promise<SignedCredential> {
  assertSignable(signer, unsigned, field);
  try {
    const signed = await signDataIntegrity({
      credential: unsigned,
      keyId: signer.key.keyId,
      controller: signer.key.controller,
      key: signer.key.key,
      documentLoader: signer.documentLoader,
      now: signer.now,
      inspectCanonical: (nquads) => {
        const undefinedFound = issuerDependentTerms(nquads, unsigned);
        if (undefinedFound.length > 0) throw undefinedTermsRefusal(undefinedFound, field);
      },
    });
    return signed as SignedCredential;
  } catch (error) {
    throw refusal(error, unsigned, field);
  }
}

/**
 * What to throw when signing `unsigned` failed: our own refusal as it is, a term JSON-LD safe mode
 * refused as invalid at that term's path, any other library error as invalid at the credential.
 * @example try { … } catch (error) { throw refusal(error, unsigned, 'credential'); }
 */
export function refusal(error: unknown, unsigned: JsonObject, field: string): DomainError {
  if (error instanceof DomainError) return error;
  const term = refusedTerm(error);
  if (term) {
    const where = pathOf(unsigned, term);
    return fail.invalid(
      where ? `${field}.${where}` : field,
      `'${term}' is not defined in any of the credential's JSON-LD contexts (${libraryMessage(error)})`,
    );
  }
  return fail.invalid(field, libraryMessage(error));
}

/** The property or type JSON-LD safe mode refused, if that is what the error is. */
function refusedTerm(error: unknown): string | undefined {
  const details = (error as { details?: { event?: { details?: JsonObject } } } | null)?.details?.event
    ?.details;
  const term = details?.property ?? details?.type;
  return typeof term === 'string' ? term : undefined;
}

/**
 * The most telling message of a JSON-LD or credential-check error.
 * @example libraryMessage(new Error('Safe mode validation error.')) // 'Safe mode validation error.'
 */
export function libraryMessage(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const details = (error as Error & { details?: { event?: { message?: string; details?: JsonObject } } })
    .details;
  const event = details?.event;
  if (event?.message) {
    const term = event.details?.property ?? event.details?.type ?? event.details?.iri;
    return term ? `${event.message} (${String(term)})` : event.message;
  }
  return error.message;
}
