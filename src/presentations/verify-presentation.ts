import {
  asList,
  asObject,
  type JsonObject,
  type Verifier,
  verifyCredential,
  verifyPresentationProof,
} from '../credentials/index.js';

/** One check of a presentation, on the presentation itself or on one credential in it. */
export interface PresentationCheck {
  /** `presentation`, `verifiableCredential[0]`, `verifiableCredential[0].credentialSubject.verifiableCredential[1]`… */
  target: string;
  check: string;
  ok: boolean;
  message?: string;
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

/** A credential's own checks, and those of the credentials a ClrCredential embeds. */
async function credentialChecks(
  verifier: Verifier,
  credential: unknown,
  target: string,
): Promise<PresentationCheck[]> {
  const vc = asObject(credential);
  if (!vc) return [check(target, 'format', false, 'only embedded JSON-LD credentials are supported')];
  const result = await verifyCredential(verifier, vc);
  const own = result.checks.map((c) => check(target, c.check, c.ok, c.message));
  const types = asList(vc.type);
  if (!types.includes('ClrCredential')) return own;
  const parts = asList(vc.credentialSubject).flatMap((s, si) =>
    asList(asObject(s)?.verifiableCredential).map((part, pi) => ({
      part,
      target: `${target}.credentialSubject${Array.isArray(vc.credentialSubject) ? `[${si}]` : ''}.verifiableCredential[${pi}]`,
    })),
  );
  const nested = await Promise.all(parts.map(({ part, target: t }) => credentialChecks(verifier, part, t)));
  return [...own, ...nested.flat()];
}

/**
 * Verifies a VerifiablePresentation (VC-API `POST /presentations/verify`): its Data Integrity proof
 * by the holder (proofPurpose `authentication`, the verifier's `challenge` and `domain`), that the
 * proof is the holder's, and every credential in it with all the credential checks (a
 * ClrCredential's embedded parts too). Verified only when every check passes. The verifier holds
 * what checking takes (see verifyCredential).
 * @example await verifyPresentation(verifierOf(deps), vp, { challenge: 'c-123', domain: 'https://verifier.example' })
 */
export async function verifyPresentation(
  verifier: Verifier,
  presentation: JsonObject,
  options: { challenge: string; domain: string },
): Promise<{ verified: boolean; checks: PresentationCheck[] }> {
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
  const credentials = asList(presentation.verifiableCredential);
  const perCredential = await Promise.all(
    credentials.map((vc, i) => credentialChecks(verifier, vc, `verifiableCredential[${i}]`)),
  );
  checks.push(...perCredential.flat());
  return { verified: checks.every((c) => c.ok), checks };
}
