import type { AppDeps } from '../app/app-env.js';
import { VC_V2_CONTEXT } from '../credentials/contexts.js';
import { createDocumentLoader } from '../credentials/document-loader.js';
import {
  generateEd25519Key,
  type JsonObject,
  type MultikeyPair,
  resolveDidKey,
  signPresentationAsHolder,
} from '../credentials/vc-library.js';

/** A learner's wallet key: a fresh Ed25519 did:key and the id of its verification method. */
export async function holderDidKey(): Promise<{ did: string; keyId: string; key: MultikeyPair }> {
  const key = await generateEd25519Key();
  const did = `did:key:${key.publicKeyMultibase}`;
  const document = await resolveDidKey(did);
  const [keyId] = document.authentication as string[];
  if (!keyId) throw new Error(`${did} has no authentication key`);
  return { did, keyId, key };
}

/** A VerifiablePresentation of `credentials`, signed by the holder for the verifier's challenge and domain. */
export async function present(
  deps: AppDeps,
  holder: Awaited<ReturnType<typeof holderDidKey>>,
  credentials: JsonObject[],
  options: { challenge: string; domain: string },
  presentation: JsonObject = {},
): Promise<JsonObject> {
  return signPresentationAsHolder({
    presentation: {
      '@context': [VC_V2_CONTEXT],
      type: ['VerifiablePresentation'],
      holder: holder.did,
      verifiableCredential: credentials,
      ...presentation,
    },
    keyId: holder.keyId,
    controller: holder.did,
    key: holder.key,
    ...options,
    documentLoader: createDocumentLoader(deps),
    now: deps.now(),
  });
}
