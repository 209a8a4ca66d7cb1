import { base64url, exportJWK, generateKeyPair, importJWK, type JWTPayload, SignJWT } from 'jose';
import { expectStatus, type TestTarget } from '../../tests/support/target.js';
import type { Principal } from '../auth/principal.js';
import { type MultikeyPair, multikeyToJwk } from '../credentials/index.js';
import { holderDidKey } from '../verification/holder.test-support.js';

/** A learner's wallet key as tests hold it: the DID, the key id a proof names, and a JWT signer. */
export interface TestWallet {
  did: string;
  keyId: string;
  signJwt(payload: JWTPayload, header?: Record<string, unknown>): Promise<string>;
}

const signer =
  (keyId: string, key: Parameters<SignJWT['sign']>[0]): TestWallet['signJwt'] =>
  (payload, header = {}) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: keyId, ...header }).sign(key);

/**
 * A fresh Ed25519 did:key wallet, which also signs presentations (its Multikey pair, see `present`).
 * @example const wallet = await didKeyWallet(); wallet.did // 'did:key:z6Mk…'
 */
export async function didKeyWallet(): Promise<TestWallet & { key: MultikeyPair }> {
  const holder = await holderDidKey();
  const { publicKeyMultibase, secretKeyMultibase } = holder.key;
  const privateKey = await importJWK(await multikeyToJwk(publicKeyMultibase, secretKeyMultibase), 'EdDSA');
  return { ...holder, signJwt: signer(holder.keyId, privateKey) };
}

/**
 * A fresh Ed25519 did:jwk wallet.
 * @example const wallet = await didJwkWallet(); wallet.keyId // 'did:jwk:ey…#0'
 */
export async function didJwkWallet(): Promise<TestWallet> {
  const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
  const did = `did:jwk:${base64url.encode(JSON.stringify(await exportJWK(publicKey)))}`;
  return { did, keyId: `${did}#0`, signJwt: signer(`${did}#0`, privateKey) };
}

/**
 * The proof of PUT /learners/{id}/did: the nonce signed by the wallet, for the audience, issued now.
 * @example await proveDid(wallet, nonce, { at: new Date() })
 */
export function proveDid(
  wallet: TestWallet,
  nonce: { nonce: string; audience: string },
  options: { at: Date; payload?: JWTPayload; header?: Record<string, unknown> },
): Promise<string> {
  return wallet.signJwt(
    {
      iss: wallet.did,
      aud: nonce.audience,
      nonce: nonce.nonce,
      iat: Math.floor(options.at.getTime() / 1000),
      ...options.payload,
    },
    options.header,
  );
}

/**
 * The learner registers the wallet's DID through the API: a nonce, signed now, sent back.
 * @example await registerDid(s.t, sanne, await didKeyWallet());
 */
export async function registerDid(
  target: Pick<TestTarget, 'call' | 'deps'>,
  learner: { id: string; as: Principal },
  wallet: TestWallet,
): Promise<void> {
  const nonce = await expectStatus(
    target.call('POST', `/learners/${learner.id}/did-nonces`, { as: learner.as }),
    201,
  );
  const proof = await proveDid(wallet, nonce, { at: target.deps.now() });
  await expectStatus(
    target.call('PUT', `/learners/${learner.id}/did`, { as: learner.as, body: { proof } }),
    200,
  );
}
