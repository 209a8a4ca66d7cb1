import { isVcJwt, type JsonObject, type StatusOutcome, vcJwtCredential } from '../credentials/index.js';
import { type VerifyDeps, verifierFor } from './verifier.js';

/** A credential's status now: 'active' | 'revoked' | 'suspended' | 'unavailable', and a message. */
export type LiveStatus = StatusOutcome;

/**
 * A credential's status now, and nothing else (verify it first: this checks no signature): every
 * `credentialStatus` entry read from its list — ours from the database, another issuer's fetched
 * through the guarded fetcher and verified, cached no longer than its `ttl`. Both entry shapes read:
 * the two 1-bit `revocation` and `suspension` entries of credentials issued before, and the one 2-bit
 * `message` entry (`statusSize`, `statusMessage`) since. A list that cannot be fetched or verified is
 * 'unavailable', its message naming the list and why (fail closed). For a relying party, the DID
 * documents it pinned verify the list, as in verifyCredential.
 * @example await liveStatus(deps, vc) // { state: 'revoked', message: 'revoked' }
 */
export async function liveStatus(
  deps: VerifyDeps,
  credential: string | JsonObject,
  options: { relyingParty?: string | undefined } = {},
): Promise<LiveStatus> {
  const document = isVcJwt(credential) ? vcJwtCredential(credential) : credential;
  if (!document) return { state: 'unavailable', message: 'the VC-JWT cannot be read' };
  return verifierFor(deps, options.relyingParty).checkStatus(document);
}
