import { CompactSign, importJWK, type JWK } from 'jose';
import { multikeyToJwk } from '../credentials/index.js';
import { type KeyDeps, signingKey } from './issuer-keys.js';

/** Signs JWTs as one instelling, with the key its did:web names as `kid`. */
export interface InstitutionJwtSigner {
  /** The verification method id of the signing key: `did:web:…:institutions:han#z6Mk…`. */
  kid: string;
  /** The compact JWS of `payload` with `header` (whose `alg` is EdDSA and whose `kid` is this one). */
  sign(header: Record<string, unknown>, payload: Record<string, unknown>): Promise<string>;
}

/**
 * A JWT signer as an instelling, for what it signs besides credentials (an OpenID4VP request object):
 * its active key, made on first use; the secret never leaves issuance. Refused for any header whose
 * `kid` or `alg` is not this key's.
 * @example const signer = await institutionJwtSigner(deps, 'han'); await signer.sign({ alg: 'EdDSA', kid: signer.kid, typ: 'oauth-authz-req+jwt' }, payload)
 */
export async function institutionJwtSigner(
  deps: KeyDeps,
  institutionId: string,
): Promise<InstitutionJwtSigner> {
  const { keyId, key } = await signingKey(deps, institutionId);
  return {
    kid: keyId,
    async sign(header, payload) {
      if (header.kid !== keyId || header.alg !== 'EdDSA')
        throw new Error(`instelling '${institutionId}' signs with EdDSA and kid ${keyId} only`);
      const privateKey = await importJWK(
        (await multikeyToJwk(key.publicKeyMultibase, key.secretKeyMultibase)) as JWK,
        'EdDSA',
      );
      return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ ...header, alg: 'EdDSA', kid: keyId })
        .sign(privateKey);
    },
  };
}
