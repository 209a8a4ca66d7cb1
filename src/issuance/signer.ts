import { createDocumentLoader, type DocumentLoader, type Signer } from '../credentials/index.js';
import type { Deps } from '../kernel/ports.js';
import { didKeySigningKey, type KeyDeps, signingKey } from './issuer-keys.js';

/**
 * The document loader signing takes: the bundled contexts and this deployment's own earlier one.
 * Signing never dereferences a key, so it resolves no DID (verifying does: src/verification).
 * @example await signPresentationAsHolder({ …, documentLoader: signingDocumentLoader(deps) })
 */
export const signingDocumentLoader = (deps: Pick<Deps, 'urls'>): DocumentLoader =>
  createDocumentLoader({ urls: deps.urls });

/**
 * What signing as an instelling takes here: its active key (made on first use) under its did:web, or with
 * `issuerKey` that key under its did:key; the deployment's document loader, the clock's now, and where
 * the work runs (the pool on Node).
 * @example const signed = await signCredential(await signerFor(deps, 'han'), unsigned);
 * @example const signer = await signerFor(deps, 'han', 'z6Mk…'); signer.key.controller // 'did:key:z6Mk…'
 */
export async function signerFor(deps: KeyDeps, institutionId: string, issuerKey?: string): Promise<Signer> {
  return {
    institutionId,
    key:
      issuerKey === undefined
        ? await signingKey(deps, institutionId)
        : await didKeySigningKey(deps, institutionId, issuerKey),
    documentLoader: signingDocumentLoader(deps),
    now: deps.now(),
    work: deps.proofWork,
  };
}
