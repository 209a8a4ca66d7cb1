/**
 * Credentials made the way the rest of the ecosystem makes them, with the libraries it uses, for the
 * conformance tests: an issuer such as the Digital Credentials Consortium's (an `Ed25519VerificationKey2020`
 * key, `Ed25519Signature2020` proofs, a did:web served over HTTPS with its Bitstring Status List), and
 * proof sets and chains made as VC Data Integrity 1.0 describes them. Nothing here is our own signing code.
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { Ed25519Signature2020 } from '@digitalbazaar/ed25519-signature-2020';
import { Ed25519VerificationKey2020 } from '@digitalbazaar/ed25519-verification-key-2020';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import jsigs from 'jsonld-signatures';
import { localhostCertificate } from '../../tests/support/deployments.js';
import {
  BITSTRING_STATUS_CONTEXT,
  chainedDocument,
  DID_V1_CONTEXT,
  ED25519_2020_CONTEXT,
  encodeStatusList,
  type JsonObject,
  type MultikeyPair,
  STATUS_LIST_LENGTH,
  VC_V1_CONTEXT,
} from '../credentials/index.js';
import { signingDocumentLoader } from '../issuance/index.js';
import type { Deps } from '../kernel/ports.js';

/** An issuer of the ecosystem, served over HTTPS on loopback: its did:web, status list and signing. */
export interface EcosystemIssuer {
  did: string;
  /** The certificate it serves with, for the verifier's fetcher to trust. */
  ca: string;
  /** The URL of its revocation list (a VC 1.1 BitstringStatusListCredential, Ed25519Signature2020). */
  statusList: string;
  /** Signs a credential as this issuer with Ed25519Signature2020, as the DCC's issuer does. */
  sign(credential: JsonObject): Promise<JsonObject>;
  /** Sets the revocation bit of `index` and signs its list again. */
  revoke(index: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * An issuer as the Digital Credentials Consortium runs one: an Ed25519VerificationKey2020 key in a
 * did:web DID document (did v1 + ed25519-2020 contexts) at `https://localhost:<port>/issuers/dcc/did.json`,
 * credentials signed with `Ed25519Signature2020` by `@digitalbazaar/vc`, and a revocation list published
 * beside it, signed the same way.
 * @example const dcc = await startEcosystemIssuer(t.deps); const vc = await dcc.sign(unsigned);
 */
export async function startEcosystemIssuer(deps: Pick<Deps, 'urls' | 'now'>): Promise<EcosystemIssuer> {
  const tls = await localhostCertificate();
  const documents = new Map<string, JsonObject>();
  const server = createServer(tls, (request, response) => {
    const document = documents.get(request.url ?? '');
    response.writeHead(document ? 200 : 404, { 'content-type': 'application/json' });
    response.end(JSON.stringify(document ?? {}));
  });
  await new Promise<void>((resolve) => server.listen(0, '::', resolve));
  const port = (server.address() as AddressInfo).port;
  const did = `did:web:localhost%3A${port}:issuers:dcc`;
  const key = await Ed25519VerificationKey2020.generate({ controller: did });
  key.id = `${did}#${key.publicKeyMultibase}`;
  documents.set('/issuers/dcc/did.json', {
    '@context': [DID_V1_CONTEXT, ED25519_2020_CONTEXT],
    id: did,
    verificationMethod: [
      {
        id: key.id,
        type: 'Ed25519VerificationKey2020',
        controller: did,
        publicKeyMultibase: key.publicKeyMultibase,
      },
    ],
    assertionMethod: [key.id],
    authentication: [key.id],
  });
  const documentLoader = signingDocumentLoader(deps);
  const sign = async (credential: JsonObject) =>
    vc.issue({
      credential: structuredClone(credential),
      suite: new Ed25519Signature2020({ key, date: deps.now() }),
      documentLoader,
      now: deps.now(),
    });
  const statusList = `https://localhost:${port}/status/1`;
  const revoked: Array<[number, number]> = [];
  const publish = async () =>
    documents.set(
      '/status/1',
      await sign({
        '@context': [VC_V1_CONTEXT, BITSTRING_STATUS_CONTEXT, ED25519_2020_CONTEXT],
        id: statusList,
        type: ['VerifiableCredential', 'BitstringStatusListCredential'],
        issuer: did,
        issuanceDate: '2026-01-01T00:00:00Z',
        credentialSubject: {
          id: `${statusList}#list`,
          type: 'BitstringStatusList',
          statusPurpose: 'revocation',
          encodedList: await encodeStatusList(STATUS_LIST_LENGTH, 1, revoked),
        },
      }),
    );
  await publish();
  return {
    did,
    ca: tls.cert,
    statusList,
    sign,
    async revoke(index) {
      revoked.push([index, 1]);
      await publish();
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * A did:key party other than the issuer (a witness, an endorser) that adds a Data Integrity
 * `eddsa-rdfc-2022` proof to a credential: to its proof set, or chained to earlier proofs by
 * `previousProof` (VC Data Integrity 1.0), signing what the specification says a chained proof signs.
 * @example const witness = await didKeyWitness(); const both = await witness.addProof(signed, { deps });
 */
export async function didKeyWitness(): Promise<{
  did: string;
  addProof(
    credential: JsonObject,
    options: { deps: Pick<Deps, 'urls' | 'now'>; previousProof?: string; id?: string },
  ): Promise<JsonObject>;
}> {
  const generated = await Ed25519Multikey.generate();
  const did = `did:key:${generated.publicKeyMultibase}`;
  const pair: MultikeyPair = {
    publicKeyMultibase: generated.publicKeyMultibase,
    secretKeyMultibase: generated.secretKeyMultibase ?? '',
  };
  return {
    did,
    addProof: (credential, options) =>
      addChainedProof(credential, {
        ...options,
        controller: did,
        keyId: `${did}#${pair.publicKeyMultibase}`,
        key: pair,
      }),
  };
}

/**
 * Adds a DataIntegrityProof (`eddsa-rdfc-2022`, assertionMethod) made with `key` to a credential's proofs,
 * with `id` and `previousProof` when given: over the credential, and the proofs `previousProof` names.
 * @example await addChainedProof(signed, { deps, controller: did, keyId, key, previousProof: 'urn:uuid:p1' })
 */
export async function addChainedProof(
  credential: JsonObject,
  options: {
    deps: Pick<Deps, 'urls' | 'now'>;
    controller: string;
    keyId: string;
    key: MultikeyPair;
    previousProof?: string;
    id?: string;
  },
): Promise<JsonObject> {
  const keyPair = await Ed25519Multikey.from({
    '@context': 'https://w3id.org/security/multikey/v1',
    type: 'Multikey',
    id: options.keyId,
    controller: options.controller,
    ...options.key,
  });
  const proofs = (Array.isArray(credential.proof) ? credential.proof : [credential.proof]).filter(
    (p): p is JsonObject => typeof p === 'object' && p !== null,
  );
  const proofOptions = {
    ...(options.id === undefined ? {} : { id: options.id }),
    ...(options.previousProof === undefined ? {} : { previousProof: options.previousProof }),
  };
  const document = chainedDocument(credential, proofs, proofOptions);
  if (typeof document === 'string') throw new Error(document);
  const suite = new DataIntegrityProof({
    signer: keyPair.signer(),
    cryptosuite,
    date: options.deps.now(),
  });
  suite.proof = proofOptions;
  const proof = await suite.createProof({
    document,
    purpose: new jsigs.purposes.AssertionProofPurpose(),
    proofSet: proofs,
    documentLoader: signingDocumentLoader(options.deps),
  });
  const { '@context': _context, ...withoutContext } = proof;
  return { ...credential, proof: [...proofs, withoutContext] };
}

/**
 * A VerifiablePresentation signed with Ed25519Signature2020 by a did:key holder, as the DCC's Learner
 * Credential Wallet signs one; `holder` named or not (it is optional).
 * @example await walletPresentation(deps, [vc], { challenge, domain, holder: false })
 */
export async function walletPresentation(
  deps: Pick<Deps, 'urls'>,
  credentials: JsonObject[],
  options: { challenge: string; domain: string; holder: boolean },
): Promise<JsonObject> {
  const key = await Ed25519VerificationKey2020.generate();
  const did = `did:key:${key.publicKeyMultibase}`;
  key.controller = did;
  key.id = `${did}#${key.publicKeyMultibase}`;
  return vc.signPresentation({
    presentation: {
      '@context': [VC_V1_CONTEXT, ED25519_2020_CONTEXT],
      type: ['VerifiablePresentation'],
      ...(options.holder ? { holder: did } : {}),
      verifiableCredential: credentials,
    },
    suite: new Ed25519Signature2020({ key }),
    challenge: options.challenge,
    domain: options.domain,
    documentLoader: signingDocumentLoader(deps),
  });
}
