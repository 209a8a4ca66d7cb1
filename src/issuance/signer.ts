import type { Signer } from '../credentials/index.js';
import { documentLoaderOf } from './did-resolution.js';
import { type KeyDeps, signingKey } from './issuer-keys.js';

/**
 * What signing as an instelling takes here: its active key (made on first use), the deployment's
 * document loader, and the clock's now.
 * @example const signed = await signCredential(await signerFor(deps, 'han'), unsigned);
 */
export async function signerFor(deps: KeyDeps, institutionId: string): Promise<Signer> {
  return {
    institutionId,
    key: await signingKey(deps, institutionId),
    documentLoader: documentLoaderOf(deps),
    now: deps.now(),
  };
}
