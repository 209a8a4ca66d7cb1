import { decodeJwt, decodeProtectedHeader, importJWK, type JWK, type JWTPayload, jwtVerify } from 'jose';
import { asList, asObject, type JsonObject, multikeyToJwk } from '../credentials/index.js';
import { type VerifyDeps, verifierFor } from './verifier.js';
import {
  type PresentationCheck,
  type PresentationVerification,
  presentedCredentialChecks,
} from './verify-presentation.js';

const ALGORITHMS = ['EdDSA', 'Ed25519'];
const CLOCK_TOLERANCE_S = 60;

const check = (target: string, name: string, ok: boolean, message?: string): PresentationCheck => ({
  target,
  check: name,
  ok,
  ...(message === undefined ? {} : { message }),
});

/** The presentation a JWT VP carries: its `vp` claim (VC-JWT 1.1, as OpenID4VP's jwt_vc_json has it), or itself. */
function presentationOf(claims: JWTPayload): JsonObject | undefined {
  return asObject(claims.vp) ?? (asList(claims.type).includes('VerifiablePresentation') ? claims : undefined);
}

/**
 * The holder's proof of a JWT VP: signed (EdDSA) with the key its `kid` names, a key of the holder's DID
 * (`iss`) as that resolves here (did:key, did:jwk, did:web); for this audience and nonce; in its time.
 */
async function proofCheck(
  deps: VerifyDeps,
  jwt: string,
  holder: string,
  options: { nonce: string; audience: string; relyingParty?: string | undefined },
): Promise<PresentationCheck> {
  const header = decodeProtectedHeader(jwt);
  const kid =
    typeof header.kid === 'string' && header.kid.startsWith('#') ? `${holder}${header.kid}` : header.kid;
  if (typeof kid !== 'string' || kid.split('#')[0] !== holder)
    return check(
      'presentation',
      'proof',
      false,
      `signed with kid ${String(header.kid)}, not a key of holder ${holder}`,
    );
  const resolved = await verifierFor(deps, options.relyingParty).resolveIssuer(holder);
  if ('unavailable' in resolved)
    return check('presentation', 'proof', false, `${holder} cannot be resolved: ${resolved.unavailable}`);
  const key = resolved.keys.find(
    (k) => k.keyId === kid || k.keyId === `${holder}${kid.slice(holder.length)}`,
  );
  if (!key) return check('presentation', 'proof', false, `${holder} has no key ${kid}`);
  try {
    const { payload } = await jwtVerify(
      jwt,
      await importJWK((await multikeyToJwk(key.publicKeyMultibase)) as JWK, 'EdDSA'),
      {
        algorithms: ALGORITHMS,
        audience: options.audience,
        currentDate: deps.now(),
        clockTolerance: CLOCK_TOLERANCE_S,
      },
    );
    if (payload.nonce !== options.nonce)
      return check(
        'presentation',
        'proof',
        false,
        `the nonce is ${String(payload.nonce)}, not the one the verifier issued`,
      );
    return check('presentation', 'proof', true);
  } catch (error) {
    return check('presentation', 'proof', false, error instanceof Error ? error.message : String(error));
  }
}

/**
 * Verifies a verifiable presentation secured as a JWT (OpenID4VP `jwt_vc_json`: the VC-JWT 1.1 `vp`
 * claim, or a VCDM 2.0 `vp+jwt` whose claims set is the presentation): that it is a presentation, whose
 * holder is its `iss` (and its `holder`, if it names one); the holder's proof (see proofCheck) for the
 * verifier's `nonce` and `audience` (its client id); and each credential in it as verifyPresentation
 * checks those of a Data Integrity presentation (verifyCredential, for `relyingParty` too; an award's
 * parts). The same answer as verifyPresentation's, so a caller treats both alike.
 * @example await verifyJwtPresentation(deps, jwt, { nonce, audience: 'decentralized_identifier:did:web:…', relyingParty: 'han' })
 */
export async function verifyJwtPresentation(
  deps: VerifyDeps,
  jwt: string,
  options: { nonce: string; audience: string; relyingParty?: string | undefined },
): Promise<PresentationVerification> {
  let claims: JWTPayload;
  try {
    claims = decodeJwt(jwt);
  } catch (error) {
    const message = `not a JWT (${error instanceof Error ? error.message : String(error)})`;
    return {
      verified: false,
      checks: [check('presentation', 'type', false, message)],
      holder: undefined,
      credentials: [],
    };
  }
  const presentation = presentationOf(claims);
  const holder = typeof claims.iss === 'string' ? claims.iss : undefined;
  const checks: PresentationCheck[] = [
    check(
      'presentation',
      'type',
      presentation !== undefined,
      presentation ? undefined : 'the JWT carries no VerifiablePresentation',
    ),
  ];
  const named =
    presentation &&
    (typeof presentation.holder === 'string' ? presentation.holder : asObject(presentation.holder)?.id);
  if (!holder) checks.push(check('presentation', 'holder', false, 'the JWT names no holder (iss)'));
  else if (named !== undefined && named !== holder)
    checks.push(
      check(
        'presentation',
        'holder',
        false,
        `the presentation's holder ${String(named)} is not its iss ${holder}`,
      ),
    );
  else checks.push(check('presentation', 'holder', true));
  checks.push(
    holder
      ? await proofCheck(deps, jwt, holder, options)
      : check('presentation', 'proof', false, 'no holder to check it with'),
  );

  const presented = await presentedCredentialChecks(
    deps,
    asList(presentation?.verifiableCredential),
    options,
  );
  checks.push(...presented.checks);
  return {
    verified: checks.every((c) => c.ok),
    checks,
    holder,
    credentials: presented.credentials,
  };
}
