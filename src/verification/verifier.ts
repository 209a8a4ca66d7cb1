import {
  checkCredentialStatus,
  createDocumentLoader,
  publishedBy,
  schemaErrorsAt,
  type Verifier,
  verifyCredential,
} from '../credentials/index.js';
import type { Deps } from '../kernel/ports.js';
import { didResolution } from './did-resolution.js';
import { statusListSource } from './status-lists.js';

/**
 * What verifying reads: the database (our keys, lists and pins), the guarded fetcher (other issuers'
 * DID documents and status lists), the clock; our own lists are signed on demand, hence the key.
 */
export type VerifyDeps = Pick<
  Deps,
  'db' | 'now' | 'newId' | 'urls' | 'keyEncryptionKey' | 'fetchJson' | 'proofWork' | 'metrics' | 'published'
>;

/**
 * The credentials library's Verifier as this deployment verifies for one relying party (an instelling's
 * slug) or for none: DIDs as didResolution resolves them for it, status lists from statusListSource (a
 * list is itself verified by this same verifier), and the schemas every deployment bundles (plus our own
 * published ones under our own URL), its proofs checked where `deps.proofWork` runs them (the pool on
 * Node). Short-lived: one per verification.
 * @example const { verified } = await verifyCredential(verifierFor(deps), credential);
 */
export function verifierFor(deps: VerifyDeps, relyingParty?: string): Verifier {
  const { resolveDid, resolveIssuer } = didResolution(deps, relyingParty);
  const statusLists = statusListSource(deps, relyingParty, (list) => verifyCredential(verifier, list));
  const verifier: Verifier = {
    documentLoader: createDocumentLoader({ urls: deps.urls, resolveDid }),
    resolveIssuer,
    checkStatus: (credential) => checkCredentialStatus(statusLists, credential),
    schemaErrors: (url, credential) =>
      schemaErrorsAt(deps.urls, url, credential)?.map((e) => `${e.path || '(credential)'}: ${e.message}`),
    published: publishedBy(deps.urls),
    now: deps.now,
    work: deps.proofWork,
  };
  return verifier;
}
