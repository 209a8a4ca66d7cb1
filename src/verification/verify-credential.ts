import { assertInstitutionExists } from '../catalog/index.js';
import {
  asList,
  asObject,
  isVcJwt,
  type JsonObject,
  type StatusState,
  type VerificationCheck,
  verificationMethodOf,
  verifyCredential as verifyDataIntegrity,
  verifyVcJwt,
} from '../credentials/index.js';
import { type Trust, trustOf } from './trust.js';
import { type VerifyDeps, verifierFor } from './verifier.js';

/** One check of a verification: integrity (signature … status), and `trust` for a relying party. */
export interface Check extends Omit<VerificationCheck, 'check'> {
  check: VerificationCheck['check'] | 'trust';
}

/** What verifying a credential answers: integrity, the issuer it names, and trust when asked. */
export interface CredentialVerification {
  /** Every check passed (the trust check too, when there is one). */
  verified: boolean;
  checks: Check[];
  /** The issuer's DID as the credential names it; proven by its proof only when verified. */
  issuer: string | undefined;
  /**
   * What the status check read ('active' | 'revoked' | 'suspended' | 'unavailable'): which one a
   * failed `status` check stands for. Absent when the status was never read (an unreadable VC-JWT).
   */
  status?: StatusState;
  /** Only for a relying party: whether that instelling trusts the issuer. */
  trust?: Trust;
}

/**
 * When the issuer's proof says it signed (a Data Integrity proof's `created`); undefined for a VC-JWT.
 * What `trustOf` is given as `signedAt` for a credential, here and wherever trust in it is asked.
 * @example await trustOf(deps, 'han', issuer, { signedAt: signedAtOf(vc, issuer) })
 */
export function signedAtOf(credential: string | JsonObject, issuer: string): string | undefined {
  if (typeof credential === 'string') return undefined;
  const proof = asList(credential.proof)
    .map(asObject)
    .find((p) => p && verificationMethodOf(p)?.split('#')[0] === issuer);
  return typeof proof?.created === 'string' ? proof.created : undefined;
}

/**
 * Verifies a credential in whichever securing it comes (Data Integrity, or a VC-JWT compact or
 * enveloped): its integrity — signature, that the issuer's key made it (its DID resolved here: ours
 * from the database, did:key and did:jwk locally, any other did:web over HTTPS through the guarded
 * fetcher), validity period, schema (bundled only; an unknown schema URL fails, never fetched) and
 * status (fails closed) — and names the issuer. That says nothing of trust: with `relyingParty` (an
 * instelling's slug) a `trust` check adds whether that instelling trusts the issuer, and only then are
 * the DID documents it pinned used. Without it the answer makes no trust claim at all.
 * @example const { verified, issuer } = await verifyCredential(deps, vc);
 * @example const { trust } = await verifyCredential(deps, vc, { relyingParty: 'han' });
 */
export async function verifyCredential(
  deps: VerifyDeps,
  credential: string | JsonObject,
  options: { relyingParty?: string | undefined } = {},
): Promise<CredentialVerification> {
  const { relyingParty } = options;
  if (relyingParty !== undefined) await assertInstitutionExists(deps, relyingParty, 'options.relyingParty');
  const verifier = verifierFor(deps, relyingParty);
  const integrity = isVcJwt(credential)
    ? await verifyVcJwt(verifier, credential)
    : await verifyDataIntegrity(verifier, credential);
  const { issuer } = integrity;
  if (relyingParty === undefined) return integrity;
  // Trust in an issuer means something only for what that issuer is proven to have signed.
  const trust: Trust =
    integrity.verified && issuer !== undefined
      ? {
          institutionId: relyingParty,
          ...(await trustOf(deps, relyingParty, issuer, { signedAt: signedAtOf(credential, issuer) })),
        }
      : {
          institutionId: relyingParty,
          trusted: false,
          because: 'not established: the credential does not verify, so who issued it is not proven',
        };
  const checks: Check[] = [
    ...integrity.checks,
    { check: 'trust', ok: trust.trusted, message: trust.because },
  ];
  return { verified: integrity.verified && trust.trusted, checks, issuer, status: integrity.status, trust };
}
