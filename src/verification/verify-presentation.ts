import {
  asList,
  asObject,
  type JsonObject,
  type Verifier,
  verifyCredential as verifyDataIntegrity,
  verifyPresentationProof,
} from '../credentials/index.js';
import { type VerifyDeps, verifierFor } from './verifier.js';
import { type CredentialVerification, verifyCredential } from './verify-credential.js';

/** One check of a presentation, on the presentation itself or on one credential in it. */
export interface PresentationCheck {
  /** `presentation`, `verifiableCredential[0]`, `verifiableCredential[0].credentialSubject.verifiableCredential[1]`… */
  target: string;
  check: string;
  ok: boolean;
  message?: string;
}

/** What verifying a presentation answers: every check, its holder, and each credential's own answer. */
export interface PresentationVerification {
  verified: boolean;
  checks: PresentationCheck[];
  /** The holder's DID as the presentation names it; proven by its proof only when verified. */
  holder: string | undefined;
  /** Each credential of `verifiableCredential`, in order, with its verification. */
  credentials: Array<CredentialVerification & { credential: unknown }>;
}

const idOf = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : (asObject(value)?.id as string | undefined);

const check = (target: string, name: string, ok: boolean, message?: string): PresentationCheck => ({
  target,
  check: name,
  ok,
  ...(message === undefined ? {} : { message }),
});

/** The holder is named, and every proof of the presentation is made with one of the holder's keys. */
function holderCheck(presentation: JsonObject): PresentationCheck {
  const holder = idOf(presentation.holder);
  if (!holder) return check('presentation', 'holder', false, 'the presentation names no holder');
  const proofs = asList(presentation.proof).map(asObject);
  if (proofs.length === 0) return check('presentation', 'holder', false, 'the presentation has no proof');
  for (const proof of proofs) {
    const method = idOf(proof?.verificationMethod);
    if (!method || method.split('#')[0] !== holder)
      return check(
        'presentation',
        'holder',
        false,
        `the proof is made with ${String(method)}, not by holder ${holder}`,
      );
  }
  return check('presentation', 'holder', true);
}

/** The integrity checks of the credentials a ClrCredential embeds, each under its own target. */
async function partChecks(
  verifier: Verifier,
  credential: unknown,
  target: string,
): Promise<PresentationCheck[]> {
  const vc = asObject(credential);
  if (!vc || !asList(vc.type).includes('ClrCredential')) return [];
  const parts = asList(vc.credentialSubject).flatMap((s, si) =>
    asList(asObject(s)?.verifiableCredential).map((part, pi) => ({
      part,
      target: `${target}.credentialSubject${Array.isArray(vc.credentialSubject) ? `[${si}]` : ''}.verifiableCredential[${pi}]`,
    })),
  );
  const nested = await Promise.all(
    parts.map(async ({ part, target: at }) => {
      const object = asObject(part);
      if (!object) return [check(at, 'format', false, 'an embedded credential must be a JSON object')];
      const result = await verifyDataIntegrity(verifier, object);
      return [
        ...result.checks.map((c) => check(at, c.check, c.ok, c.message)),
        ...(await partChecks(verifier, object, at)),
      ];
    }),
  );
  return nested.flat();
}

/**
 * Verifies a VerifiablePresentation (VC-API `POST /presentations/verify`): its Data Integrity proof by
 * the holder (proofPurpose `authentication`, the verifier's `challenge` and `domain`; the holder's DID
 * resolved like an issuer's), that the proof is the holder's, and each credential in it with
 * verifyCredential (for `relyingParty` too, trust included); a ClrCredential's embedded parts get the
 * integrity checks. Verified only when every check passes. That the challenge was issued by the
 * verifier and is used once is the caller's to check.
 * @example await verifyPresentation(deps, vp, { challenge: 'c-123', domain: 'https://verifier.example' })
 */
export async function verifyPresentation(
  deps: VerifyDeps,
  presentation: JsonObject,
  options: { challenge: string; domain: string; relyingParty?: string | undefined },
): Promise<PresentationVerification> {
  const checks: PresentationCheck[] = [];
  const isPresentation = asList(presentation.type).includes('VerifiablePresentation');
  checks.push(
    check(
      'presentation',
      'type',
      isPresentation,
      isPresentation ? undefined : "type must include 'VerifiablePresentation'",
    ),
  );
  checks.push(holderCheck(presentation));
  const verifier = verifierFor(deps, options.relyingParty);
  // The parts of every ClrCredential share one verifier (the public one): each DID resolves once.
  const partsVerifier = verifierFor(deps);
  const proof = isPresentation
    ? await verifyPresentationProof({
        presentation,
        challenge: options.challenge,
        domain: options.domain,
        documentLoader: verifier.documentLoader,
        now: verifier.now(),
      })
    : { verified: false, error: 'not a presentation' };
  checks.push(check('presentation', 'proof', proof.verified, proof.error));
  const credentials = await Promise.all(
    asList(presentation.verifiableCredential).map(async (credential, i) => {
      const target = `verifiableCredential[${i}]`;
      const secured = typeof credential === 'string' ? credential : asObject(credential);
      if (secured === undefined) {
        const failed = { check: 'signature' as const, ok: false, message: 'not a credential' };
        return {
          answer: { credential, verified: false, checks: [failed], issuer: undefined },
          target,
          parts: [],
        };
      }
      const answer = { credential, ...(await verifyCredential(deps, secured, options)) };
      return { answer, target, parts: await partChecks(partsVerifier, credential, target) };
    }),
  );
  for (const { answer, target, parts } of credentials)
    checks.push(...answer.checks.map((c) => check(target, c.check, c.ok, c.message)), ...parts);
  return {
    verified: checks.every((c) => c.ok),
    checks,
    holder: idOf(presentation.holder),
    credentials: credentials.map(({ answer }) => answer),
  };
}
