// Child process of the credentials benchmark: the single-process signer issue 14 measures against — the
// Digital Bazaar libraries exactly as published (this process never loads src/credentials/vc-library.ts,
// so jsonld.js copies its active contexts as it ships), behind plain Hono in one thread, as a signing
// service like the DCC's is built. It signs the service's document (status entry included), stores each
// credential in SQLite as durably as the service, and verifies proofs with vc.verifyCredential.
// Input: env BENCH_SIGNER, JSON { keyId, key, publicUrl, documents, databasePath, synchronous }, where
// `documents` are the issuer's DID document and key, resolved by the parent. Prints
// `{ port, copiedBy }` (copiedBy: the function jsonld.js copies active contexts with).
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import jsonldContext from 'jsonld/lib/context.js';
import { createDocumentLoader } from '../../../src/credentials/document-loader.js';
import type { JsonObject, MultikeyPair, RemoteDocument } from '../../../src/credentials/vc-library.js';
import { publicUrls } from '../../../src/kernel/urls.js';
import { bareCredentialStore, statusEntryLikeOurs } from './bare-store.js';

const input = JSON.parse(process.env.BENCH_SIGNER ?? '') as {
  keyId: string;
  key: MultikeyPair;
  publicUrl: string;
  documents: Record<string, RemoteDocument>;
  databasePath: string;
  synchronous: number;
};
const bundled = createDocumentLoader({ urls: publicUrls(input.publicUrl) });
const documentLoader = async (url: string) => input.documents[url] ?? bundled(url);
const keyPair = await Ed25519Multikey.from({
  '@context': 'https://w3id.org/security/multikey/v1',
  type: 'Multikey',
  id: input.keyId,
  controller: input.keyId.split('#')[0],
  ...input.key,
});
const store = bareCredentialStore(input.databasePath, input.synchronous);

const app = new Hono();
app.post('/credentials/issue', async (c) => {
  const { credential } = await c.req.json<{ credential: JsonObject }>();
  const now = new Date();
  const signed = await vc.issue({
    credential: { ...credential, credentialStatus: statusEntryLikeOurs(input.publicUrl) },
    suite: new DataIntegrityProof({ signer: keyPair.signer(), cryptosuite, date: now }),
    documentLoader,
    now,
  });
  store(String(credential.id), JSON.stringify(signed));
  return c.json({ verifiableCredential: signed }, 201);
});
app.post('/credentials/verify', async (c) => {
  const { verifiableCredential } = await c.req.json<{ verifiableCredential: JsonObject }>();
  const result = await vc.verifyCredential({
    credential: verifiableCredential,
    suite: new DataIntegrityProof({ cryptosuite }),
    documentLoader,
    // Proofs only, as the bare route beside the service checks them: the library requires a status
    // checker when a credential has a status, and a bare signer reads no list.
    checkStatus: async () => ({ verified: true }),
  });
  return c.json(
    { verified: result.verified, error: String(result.error ?? '') },
    result.verified ? 200 : 422,
  );
});

const { clone } = jsonldContext.getInitialContext({ processingMode: undefined }) as { clone: () => unknown };
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, ({ port }) =>
  console.log(JSON.stringify({ port, copiedBy: clone.name })),
);
