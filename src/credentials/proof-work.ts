import { BUNDLED_CONTEXTS } from './contexts.js';
import { issuerDependentTerms, type UndefinedTerm } from './undefined-terms.js';
import {
  type DocumentLoader,
  type JsonObject,
  type MultikeyPair,
  type ProofOutcome,
  type RemoteDocument,
  signDataIntegrity,
  verificationMethodOf,
  verifyProofs,
} from './vc-library.js';

/** A credential to sign with a Data Integrity proof: plain data, so that it can cross to a thread. */
export interface SignJob {
  credential: JsonObject;
  keyId: string;
  key: MultikeyPair;
  now: Date;
}

/** What a JSON-LD library error says, as plain data: its message, and the term safe mode refused. */
export interface LibraryRefusal {
  message: string;
  term?: string;
}

/** What signing came to: the signed credential, the terms no context defines, or the library's refusal. */
export type SignOutcome =
  | { signed: JsonObject }
  | { undefinedTerms: UndefinedTerm[] }
  | { refused: LibraryRefusal };

/** A credential whose proofs to check at the moment `at`. */
export interface VerifyJob {
  credential: JsonObject;
  at: Date;
  /**
   * Documents the caller already resolved (see preloadedDocuments): a thread uses them before asking the
   * caller's loader. Inline work has the loader at hand and ignores them.
   */
  documents?: Readonly<Record<string, RemoteDocument>>;
}

/** What checking the proofs came to (see verifyProofs). */
export type VerifyOutcome = { verified: boolean; error?: string; proofs: ProofOutcome[] };

/**
 * Where the CPU work of Data Integrity runs (canonicalising, hashing, Ed25519): inline on the calling
 * thread (Workers, tests), or in a pool of threads (Node, src/runtime/node/proof-pool.ts). The document
 * loader stays the caller's: a thread loads the bundled contexts itself and asks the caller for
 * anything else (a DID, a deployment's own context), so a loader that reads the database or the
 * network keeps running where it was made.
 */
export interface ProofWork {
  sign(job: SignJob, documentLoader: DocumentLoader): Promise<SignOutcome>;
  verify(job: VerifyJob, documentLoader: DocumentLoader): Promise<VerifyOutcome>;
}

/** The property or type JSON-LD safe mode refused, if that is what the error is. */
function refusedTerm(error: unknown): string | undefined {
  const details = (error as { details?: { event?: { details?: JsonObject } } } | null)?.details?.event
    ?.details;
  const term = details?.property ?? details?.type;
  return typeof term === 'string' ? term : undefined;
}

/** The most telling message of a JSON-LD or credential-check error. */
function libraryMessage(error: unknown): string {
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

/**
 * A library error as plain data (it may have to cross from a thread).
 * @example libraryRefusal(new Error('Safe mode validation error.')) // { message: 'Safe mode validation error.' }
 */
export function libraryRefusal(error: unknown): LibraryRefusal {
  const term = refusedTerm(error);
  return { message: libraryMessage(error), ...(term === undefined ? {} : { term }) };
}

/** Thrown from inside the canonical-form check to stop signing, carrying what it found. */
class UndefinedTermsFound extends Error {
  constructor(readonly terms: UndefinedTerm[]) {
    super('terms no context defines');
  }
}

/**
 * Signs as a job says, on this thread: a DataIntegrityProof `eddsa-rdfc-2022`, with the terms no
 * context defines found in the canonical form signing computes anyway (no second JSON-LD pass).
 * @example const outcome = await runSignJob(job, loader); if ('signed' in outcome) store(outcome.signed);
 */
export async function runSignJob(job: SignJob, documentLoader: DocumentLoader): Promise<SignOutcome> {
  try {
    const signed = await signDataIntegrity({
      ...job,
      documentLoader,
      inspectCanonical: (nquads) => {
        const found = issuerDependentTerms(nquads, job.credential);
        if (found.length > 0) throw new UndefinedTermsFound(found);
      },
    });
    return { signed };
  } catch (error) {
    if (error instanceof UndefinedTermsFound) return { undefinedTerms: error.terms };
    return { refused: libraryRefusal(error) };
  }
}

/**
 * Checks a credential's proofs as a job says, on this thread (see verifyProofs).
 * @example const { verified } = await runVerifyJob({ credential, at: new Date() }, loader);
 */
export function runVerifyJob(job: VerifyJob, documentLoader: DocumentLoader): Promise<VerifyOutcome> {
  return verifyProofs({ credential: job.credential, documentLoader, at: job.at });
}

/** Signing and verifying on the calling thread: Workers (no threads) and the default everywhere else. */
export const inlineProofWork: ProofWork = { sign: runSignJob, verify: runVerifyJob };

/**
 * The document loader of a thread: the bundled contexts from its own copy (the same for every
 * deployment), the documents the caller resolved
 * before handing the job over, and anything else from `ask` (the caller's own loader, across threads).
 * @example const loader = threadDocumentLoader(job.documents, (url) => askMainThread(url));
 */
export function threadDocumentLoader(
  documents: Readonly<Record<string, RemoteDocument>>,
  ask: DocumentLoader,
): DocumentLoader {
  return async (url) => {
    const bundled = BUNDLED_CONTEXTS.get(url);
    if (bundled) return { contextUrl: null, documentUrl: url, document: bundled };
    return documents[url] ?? ask(url);
  };
}

/**
 * What verifying a credential's proofs will load besides the bundled contexts, resolved by the caller
 * first so that a thread need not ask: each proof's verification method and its controller's DID
 * document. What does not resolve is left out; the thread asks for it, and the caller's loader then
 * says why it failed where the library asks for it.
 * @example const documents = await preloadedDocuments(credential, verifier.documentLoader);
 */
export async function preloadedDocuments(
  credential: JsonObject,
  documentLoader: DocumentLoader,
): Promise<Record<string, RemoteDocument>> {
  const proofs = (Array.isArray(credential.proof) ? credential.proof : [credential.proof]).filter(
    (p): p is JsonObject => p !== null && typeof p === 'object' && !Array.isArray(p),
  );
  const urls = new Set<string>();
  for (const proof of proofs) {
    const method = verificationMethodOf(proof);
    if (method === undefined || !method.startsWith('did:')) continue;
    urls.add(method);
    urls.add(method.split('#')[0] ?? method);
  }
  const documents: Record<string, RemoteDocument> = {};
  await Promise.all(
    [...urls].map(async (url) => {
      try {
        documents[url] = await documentLoader(url);
      } catch {
        // Left for the thread to ask again, where the library's own error then names it.
      }
    }),
  );
  return documents;
}
