import { createDocumentLoader, type DocumentLoader, type Signer } from '../credentials/index.js';
import type { Deps } from '../kernel/ports.js';
import { type KeyDeps, signingKey } from './issuer-keys.js';

/**
 * The document loader signing takes: the bundled contexts and this deployment's own earlier one.
 * Signing never dereferences a key, so it resolves no DID (verifying does: src/verification).
 * @example await signPresentationAsHolder({ …, documentLoader: signingDocumentLoader(deps) })
 */
export const signingDocumentLoader = (deps: Pick<Deps, 'urls'>): DocumentLoader =>
  createDocumentLoader({ urls: deps.urls });

/**
 * What signing as an instelling takes here: its active key (made on first use), the deployment's
 * document loader, and the clock's now.
 * @example const signed = await signCredential(await signerFor(deps, 'han'), unsigned);
 */
export async function signerFor(deps: KeyDeps, institutionId: string): Promise<Signer> {
  return {
    institutionId,
    key: await signingKey(deps, institutionId),
    documentLoader: signingDocumentLoader(deps),
    now: deps.now(),
  };
}
