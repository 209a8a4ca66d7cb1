import {
  generateEd25519Key,
  type JsonObject,
  type MultikeyPair,
  resolveDidKey,
  signPresentationAsHolder,
  VC_V2_CONTEXT,
} from '../credentials/index.js';
import { signingDocumentLoader } from '../issuance/index.js';
import type { Deps } from '../kernel/ports.js';

/**
 * A learner's wallet key: a fresh Ed25519 did:key and the id of its verification method.
 * @example const holder = await holderDidKey(); holder.did // 'did:key:z6Mk…'
 */
export async function holderDidKey(): Promise<{ did: string; keyId: string; key: MultikeyPair }> {
  const key = await generateEd25519Key();
  const did = `did:key:${key.publicKeyMultibase}`;
  const document = await resolveDidKey(did);
  const [keyId] = document.authentication as string[];
  if (!keyId) throw new Error(`${did} has no authentication key`);
  return { did, keyId, key };
}

/**
 * A VerifiablePresentation of `credentials`, signed by the holder for the verifier's challenge and domain.
 * @example await present(t.deps, holder, [vc], { challenge: 'c-1', domain: 'https://verifier.example' })
 */
export async function present(
  deps: Pick<Deps, 'urls' | 'now'>,
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
    key: holder.key,
    ...options,
    documentLoader: signingDocumentLoader(deps),
    now: deps.now(),
  });
}
