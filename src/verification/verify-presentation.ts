import {
  asList,
  asObject,
  credentialContent,
  type JsonObject,
  type Verifier,
  vcJwtCredential,
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
  /** The holder's DID as the presentation names it (none when it names none: VC Data Model 2.0 §4.13); proven by its proof only when verified. */
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

/**
 * Every proof of the presentation is made with one of the holder's keys. `holder` is optional (VC Data
 * Model 2.0 §4.13): a presentation that names none is proved by whoever signed it, which the check says.
 */
function holderCheck(presentation: JsonObject): PresentationCheck {
  const holder = idOf(presentation.holder);
  const proofs = asList(presentation.proof).map(asObject);
  if (proofs.length === 0) return check('presentation', 'holder', false, 'the presentation has no proof');
  const methods = proofs.map((proof) => idOf(proof?.verificationMethod));
  if (!holder)
    return check(
      'presentation',
      'holder',
      true,
      `no holder named (optional); proved by ${methods.map((m) => String(m).split('#')[0]).join(', ')}`,
    );
  for (const method of methods) {
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
 * Verifies a VerifiablePresentation (VC-API `POST /presentations/verify`): its proof by the holder
 * (Data Integrity `eddsa-rdfc-2022` or `Ed25519Signature2020`, proofPurpose `authentication`, the
 * verifier's `challenge` and `domain`; the holder's DID resolved like an issuer's), that the proof is the
 * holder's when it names one (`holder` is optional), and each credential in it with
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
  const presented = await presentedCredentialChecks(deps, asList(presentation.verifiableCredential), options);
  checks.push(...presented.checks);
  return {
    verified: checks.every((c) => c.ok),
    checks,
    holder: idOf(presentation.holder),
    credentials: presented.credentials,
  };
}

/**
 * Each credential of a presentation, in whichever securing it comes, verified with verifyCredential
 * (for `relyingParty` too, trust included), an award's parts with the integrity checks; their checks
 * under their targets (`verifiableCredential[0]`, …). Every presentation format checks its credentials so.
 * @example const { checks, credentials } = await presentedCredentialChecks(deps, asList(vp.verifiableCredential), { relyingParty: 'han' });
 */
export async function presentedCredentialChecks(
  deps: VerifyDeps,
  presented: readonly unknown[],
  options: { relyingParty?: string | undefined },
): Promise<{
  checks: PresentationCheck[];
  credentials: Array<CredentialVerification & { credential: unknown }>;
}> {
  // The parts of every ClrCredential share one verifier (the public one): each DID resolves once.
  const partsVerifier = verifierFor(deps);
  const credentials = await Promise.all(
    presented.map(async (credential, i) => {
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
      const content = typeof secured === 'string' ? vcJwtCredential(secured) : credentialContent(secured);
      return { answer, target, parts: await partChecks(partsVerifier, content, target) };
    }),
  );
  return {
    checks: credentials.flatMap(({ answer, target, parts }) => [
      ...answer.checks.map((c) => check(target, c.check, c.ok, c.message)),
      ...parts,
    ]),
    credentials: credentials.map(({ answer }) => answer),
  };
}
