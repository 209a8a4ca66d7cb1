import { Hono } from 'hono';
import {
  type DocumentLoader,
  type JsonObject,
  signDataIntegrity,
  verifyProofs,
} from '../../../src/credentials/index.js';
import type { AppDeps } from '../../../src/http/app-env.js';
import { signerFor } from '../../../src/issuance/index.js';
import { verifierFor } from '../../../src/verification/index.js';
import { bareCredentialStore, statusEntryLikeOurs } from './bare-store.js';

/**
 * The service's document loader (bundled contexts, our did:web) with every answer kept in memory:
 * what a bare library user would do, so the baseline pays no database read per DID.
 */
export function memoisedLoader(deps: AppDeps): DocumentLoader {
  const loader = verifierFor(deps).documentLoader;
  const seen = new Map<string, ReturnType<DocumentLoader>>();
  return (url) => {
    let found = seen.get(url);
    if (!found) {
      found = loader(url);
      seen.set(url, found);
    }
    return found;
  };
}

/**
 * The bare baseline for the HTTP measurements: plain Hono routes that call the raw library with the
 * same key and store each issued credential in SQLite — the least a credential service can do, with
 * no auth, validation, status allocation, audit or schema. It signs the same document as the service
 * does, status entry included, and commits as durably as the service's database (`synchronous`).
 * @example serve({ fetch: (await bareCredentialsApp(deps, 'bench', `${dbPath}.bare`, 1)).fetch })
 */
export async function bareCredentialsApp(
  deps: AppDeps,
  institutionId: string,
  databasePath: string,
  synchronous: number,
) {
  const documentLoader = memoisedLoader(deps);
  const { key } = await signerFor(deps, institutionId);
  const store = bareCredentialStore(databasePath, synchronous);
  const bare = new Hono();
  bare.post('/credentials/issue', async (c) => {
    const { credential } = await c.req.json<{ credential: JsonObject }>();
    const signed = await signDataIntegrity({
      credential: { ...credential, credentialStatus: statusEntryLikeOurs(deps.urls.base) },
      keyId: key.keyId,
      key: key.key,
      documentLoader,
      now: new Date(),
    });
    store(String(credential.id), JSON.stringify(signed));
    return c.json({ verifiableCredential: signed }, 201);
  });
  bare.post('/credentials/verify', async (c) => {
    const { verifiableCredential } = await c.req.json<{ verifiableCredential: JsonObject }>();
    const result = await verifyProofs({
      credential: verifiableCredential,
      documentLoader,
      at: new Date(),
    });
    return c.json(result, result.verified ? 200 : 422);
  });
  return bare;
}
