import type { AppDeps } from '../app/app-env.js';
import { ProblemError, problems } from '../http/problem.js';
import { issuerDid } from './did-web.js';
import { createDocumentLoader } from './document-loader.js';
import { signingKey } from './issuer-keys.js';
import { issuerDependentTerms, pathOf, undefinedTermsProblem } from './undefined-terms.js';
import { type JsonObject, signDataIntegrity } from './vc-library.js';

/** A credential with its Data Integrity proof. */
export type SignedCredential = JsonObject & { proof: JsonObject };

/** The issuer's id, whether `issuer` is a URL or a Profile object. */
export function issuerIdOf(credential: JsonObject): string | undefined {
  const issuer = credential.issuer;
  if (typeof issuer === 'string') return issuer;
  if (issuer && typeof issuer === 'object' && typeof (issuer as JsonObject).id === 'string')
    return (issuer as JsonObject).id as string;
  return undefined;
}

/**
 * What every format refuses before signing: an `issuer` that is not the institution's did:web, or a
 * credential that already has a proof (422 at `path`).
 * @example assertSignable(deps, 'han', unsigned, 'body.credential')
 */
export function assertSignable(
  deps: AppDeps,
  institutionId: string,
  unsigned: JsonObject,
  path: string,
): void {
  const did = issuerDid(deps.config.publicUrl, institutionId);
  if (issuerIdOf(unsigned) !== did)
    throw problems.invalid(`${path}.issuer`, `the issuer must be ${did}, the did:web of '${institutionId}'`);
  if ('proof' in unsigned) throw problems.invalid(`${path}.proof`, 'send the credential without a proof');
}

/**
 * Signs a credential as the institution: a DataIntegrityProof `eddsa-rdfc-2022` for assertionMethod,
 * with its active key. The credential's `issuer` must be the institution's did:web. Refuses with 422
 * a credential that uses a term no context defines (naming it) or that JSON-LD safe mode refuses.
 * @example const signed = await signCredential(deps, 'han', buildModuleCredential(input));
 */
export async function signCredential(
  deps: AppDeps,
  institutionId: string,
  unsigned: JsonObject,
  path = 'credential',
): Promise<SignedCredential> {
  assertSignable(deps, institutionId, unsigned, path);
  const loader = createDocumentLoader(deps);
  try {
    const key = await signingKey(deps, institutionId);
    const signed = await signDataIntegrity({
      credential: unsigned,
      keyId: key.keyId,
      controller: key.controller,
      key: key.key,
      documentLoader: loader,
      now: deps.now(),
      inspectCanonical: (nquads) => {
        const undefinedFound = issuerDependentTerms(nquads, unsigned);
        if (undefinedFound.length > 0) throw undefinedTermsProblem(undefinedFound, path);
      },
    });
    return signed as SignedCredential;
  } catch (error) {
    throw refusal(error, unsigned, path);
  }
}

/**
 * What to answer when signing `unsigned` failed: our own problem as it is, a term JSON-LD safe mode
 * refused as a 422 at that term's path, any other library error as a 422 on the credential.
 * @example try { … } catch (error) { throw refusal(error, unsigned, 'body.credential'); }
 */
export function refusal(error: unknown, unsigned: JsonObject, path: string): ProblemError {
  if (error instanceof ProblemError) return error;
  const term = refusedTerm(error);
  if (term) {
    const where = pathOf(unsigned, term);
    return problems.invalid(
      where ? `${path}.${where}` : path,
      `'${term}' is not defined in any of the credential's JSON-LD contexts (${libraryMessage(error)})`,
    );
  }
  return problems.invalid(path, libraryMessage(error));
}

/** The property or type JSON-LD safe mode refused, if that is what the error is. */
function refusedTerm(error: unknown): string | undefined {
  const details = (error as { details?: { event?: { details?: JsonObject } } } | null)?.details?.event
    ?.details;
  const term = details?.property ?? details?.type;
  return typeof term === 'string' ? term : undefined;
}

/** The most telling message of a JSON-LD or credential-check error. */
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
