import { DataIntegrityProof } from '@digitalbazaar/data-integrity';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import { cryptosuite } from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';
import * as vc from '@digitalbazaar/vc';
import {
  compactVerify,
  decodeJwt,
  decodeProtectedHeader,
  importJWK,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';
import { BUNDLED_CONTEXTS } from '../../src/credentials/index.js';
import type { Json } from './target.js';

// A wallet written from the specifications (OpenID4VCI 1.0, OpenID4VP 1.0, VC Data Model 2.0, did:web),
// for the end-to-end tests: a different client than the issuer's and verifier's protocol library
// (@openid4vc/*), built on jose and the Digital Bazaar libraries only. It holds one Ed25519 did:key, talks
// HTTP through the `fetch` it is given (real HTTPS on loopback, or a Worker's fetch), verifies what it
// picks up (the issuer's signature, resolving its did:web itself, and that it is bound to its own DID),
// and answers OpenID4VP requests whose request object is signed by the verifier's DID.

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/** A credential the wallet holds, as it was picked up. */
export interface HeldCredential {
  format: 'ldp_vc' | 'jwt_vc_json';
  /** The JSON credential, or the compact JWT. */
  credential: Json;
  /** The credential itself (the JWT's claims set for `jwt_vc_json`). */
  content: Json;
}

const OFFER_SCHEME = 'openid-credential-offer://';
const VP_SCHEME = 'openid4vp://';

async function json(fetch: Fetch, url: string, init?: RequestInit): Promise<Json> {
  const response = await fetch(url, init);
  const text = await response.text();
  if (!response.ok) throw new WalletError(response.status, text);
  return JSON.parse(text);
}

/** A refusal the wallet got: the HTTP status and the OAuth error response. */
export class WalletError extends Error {
  readonly body: Json;
  constructor(
    readonly status: number,
    text: string,
  ) {
    super(`${status}: ${text}`);
    this.body = (() => {
      try {
        return JSON.parse(text);
      } catch {
        return text;
      }
    })();
  }
}

/** RFC 8615 path insertion: `https://h/institutions/han` → `https://h/.well-known/<name>/institutions/han`. */
const wellKnown = (identifier: string, name: string) => {
  const url = new URL(identifier);
  return `${url.origin}/.well-known/${name}${url.pathname === '/' ? '' : url.pathname}`;
};

/** Where a did:web's document is (the did:web method specification; `http` only for in-process tests). */
const didWebUrl = (did: string, scheme: string) => {
  const [host = '', ...path] = did.slice('did:web:'.length).split(':');
  return `${scheme}://${decodeURIComponent(host)}/${path.length > 0 ? `${path.join('/')}/did.json` : '.well-known/did.json'}`;
};

/**
 * A fresh wallet with one Ed25519 did:key. `didWebScheme` is `https`, as did:web says, except for a
 * deployment served in-process on its development URL (`http://localhost:8787`); `now` is its clock
 * (the deployment's, in tests that fix it).
 * @example const wallet = await openWallet(fetch); const held = await wallet.pickUp(offerLink, txCode);
 */
export async function openWallet(
  fetch: Fetch,
  options: { didWebScheme?: 'https' | 'http'; now?: () => Date } = {},
) {
  const seconds = () => Math.floor((options.now?.() ?? new Date()).getTime() / 1000);
  const key = await Ed25519Multikey.generate();
  const did = `did:key:${key.publicKeyMultibase}`;
  const keyId = `${did}#${key.publicKeyMultibase}`;
  const pair = await Ed25519Multikey.from({
    ...(await key.export({ publicKey: true, secretKey: true, includeContext: true })),
    id: keyId,
    controller: did,
  });
  const jwk = (await Ed25519Multikey.toJwk({ keyPair: pair, secretKey: true })) as JWK;
  // The Multikey library's `d` is seed and public key; a JWK's is the 32-byte seed.
  const privateKey = await importJWK(
    {
      ...jwk,
      d: Buffer.from(jwk.d ?? '', 'base64url')
        .subarray(0, 32)
        .toString('base64url'),
    },
    'EdDSA',
  );
  const held: HeldCredential[] = [];

  /** A DID document: did:key from the key itself, did:web fetched from its host. */
  async function resolveDid(didOrUrl: string): Promise<Json> {
    const id = didOrUrl.split('#')[0] ?? '';
    if (id.startsWith('did:key:')) {
      const multibase = id.slice('did:key:'.length);
      const vm = {
        id: `${id}#${multibase}`,
        type: 'Multikey',
        controller: id,
        publicKeyMultibase: multibase,
      };
      return {
        '@context': ['https://www.w3.org/ns/did/v1', 'https://w3id.org/security/multikey/v1'],
        id,
        verificationMethod: [vm],
        assertionMethod: [vm.id],
        authentication: [vm.id],
      };
    }
    if (id.startsWith('did:web:')) return json(fetch, didWebUrl(id, options.didWebScheme ?? 'https'));
    throw new Error(`the wallet resolves did:key and did:web, not ${id}`);
  }

  /** Contexts the wallet bundles (the published ones), and DIDs and their keys resolved as above. */
  async function documentLoader(url: string) {
    const context = BUNDLED_CONTEXTS.get(url);
    if (context) return { contextUrl: null, documentUrl: url, document: context };
    if (url.startsWith('did:')) {
      const document = await resolveDid(url);
      if (!url.includes('#')) return { contextUrl: null, documentUrl: url, document };
      const method = (document.verificationMethod as Json[]).find(
        (m) => m.id === url || `${document.id}${m.id}` === url,
      );
      if (!method) throw new Error(`${url} is not in its DID document`);
      return {
        contextUrl: null,
        documentUrl: url,
        document: { '@context': 'https://w3id.org/security/multikey/v1', ...method, id: url },
      };
    }
    throw new Error(`the wallet does not load ${url}`);
  }

  /** The public key of a verification method, for a JWS. */
  async function publicKeyOf(kid: string) {
    const { document } = await documentLoader(kid);
    const pub = await Ed25519Multikey.from({
      ...document,
      '@context': 'https://w3id.org/security/multikey/v1',
    });
    return importJWK((await Ed25519Multikey.toJwk({ keyPair: pub })) as JWK, 'EdDSA');
  }

  /** Verifies a credential it got: the issuer's signature (its DID resolved here) and that it is bound to this wallet. */
  async function verifyReceived(format: HeldCredential['format'], credential: Json): Promise<Json> {
    let content: Json;
    if (format === 'ldp_vc') {
      const result = await vc.verifyCredential({
        credential,
        suite: new DataIntegrityProof({ cryptosuite }),
        documentLoader,
        checkStatus: async () => ({ verified: true }),
      });
      if (!result.verified)
        throw new Error(
          `the issuer's proof does not verify: ${JSON.stringify(result.error ?? result.results)}`,
        );
      content = credential;
    } else {
      const header = decodeProtectedHeader(credential);
      const claims = decodeJwt(credential);
      const issuer = typeof claims.issuer === 'string' ? claims.issuer : (claims.issuer as Json)?.id;
      if (typeof header.kid !== 'string' || header.kid.split('#')[0] !== issuer)
        throw new Error('the JWT is not signed by its issuer');
      await compactVerify(credential, await publicKeyOf(header.kid));
      content = claims;
    }
    if (content.credentialSubject?.id !== did)
      throw new Error(`not bound to this wallet: subject ${content.credentialSubject?.id}`);
    return content;
  }

  return {
    did,
    keyId,
    held,
    /** Signs a JWT with the wallet's key (to prove its DID where an instelling asks for that). */
    signJwt: (payload: JWTPayload, header: Record<string, unknown> = {}) =>
      new SignJWT(payload).setProtectedHeader({ alg: 'EdDSA', kid: keyId, ...header }).sign(privateKey),
    /** Decodes an offer link and follows OpenID4VCI: metadata, token with the transaction code, nonce, credential. */
    async pickUp(offerLink: string, txCode: string | undefined): Promise<HeldCredential[]> {
      if (!offerLink.startsWith(OFFER_SCHEME)) throw new Error(`not a credential offer: ${offerLink}`);
      const query = new URLSearchParams(offerLink.slice(offerLink.indexOf('?') + 1));
      const byReference = query.get('credential_offer_uri');
      const offer: Json = byReference
        ? await json(fetch, byReference)
        : JSON.parse(query.get('credential_offer') ?? '{}');
      const metadata = await json(fetch, wellKnown(offer.credential_issuer, 'openid-credential-issuer'));
      if (metadata.credential_issuer !== offer.credential_issuer)
        throw new Error('the metadata is of another issuer');
      const server = metadata.authorization_servers?.[0] ?? offer.credential_issuer;
      const as = await json(fetch, wellKnown(server, 'oauth-authorization-server'));
      const grant = offer.grants['urn:ietf:params:oauth:grant-type:pre-authorized_code'];
      const form = new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:pre-authorized_code',
        'pre-authorized_code': grant['pre-authorized_code'],
        ...(txCode === undefined ? {} : { tx_code: txCode }),
      });
      const token = await json(fetch, as.token_endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
      const requests: Json[] = (token.authorization_details ?? []).flatMap((detail: Json) =>
        (detail.credential_identifiers as string[]).map((id) => ({
          id,
          configuration: detail.credential_configuration_id,
        })),
      );
      const got: HeldCredential[] = [];
      for (const { id, configuration } of requests) {
        const { format } = metadata.credential_configurations_supported[configuration];
        const { c_nonce } = await json(fetch, metadata.nonce_endpoint, { method: 'POST' });
        const proof = await new SignJWT({ aud: metadata.credential_issuer, nonce: c_nonce })
          .setProtectedHeader({ alg: 'EdDSA', typ: 'openid4vci-proof+jwt', kid: keyId })
          .setIssuedAt(seconds())
          .sign(privateKey);
        const response = await json(fetch, metadata.credential_endpoint, {
          method: 'POST',
          headers: { authorization: `Bearer ${token.access_token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ credential_identifier: id, proofs: { jwt: [proof] } }),
        });
        for (const { credential } of response.credentials) {
          const content = await verifyReceived(format, credential);
          got.push({ format, credential, content });
        }
      }
      held.push(...got);
      return got;
    },

    /**
     * Answers an OpenID4VP request link: fetches the request object, checks it is signed by the DID its
     * client id names, presents every held credential a credential query of its DCQL query matches (one
     * presentation per query, for its nonce and client id), and posts the response to its response URI.
     */
    async answer(requestLink: string, options: { only?: HeldCredential['format'] } = {}): Promise<Json> {
      if (!requestLink.startsWith(VP_SCHEME)) throw new Error(`not an OpenID4VP request: ${requestLink}`);
      const query = new URLSearchParams(requestLink.slice(requestLink.indexOf('?') + 1));
      const clientId = query.get('client_id') ?? '';
      const response = await fetch(query.get('request_uri') ?? '');
      if (!response.ok) throw new WalletError(response.status, await response.text());
      const jar = await response.text();
      const header = decodeProtectedHeader(jar);
      if (header.typ !== 'oauth-authz-req+jwt') throw new Error(`request object typ ${header.typ}`);
      if (!clientId.startsWith('decentralized_identifier:')) throw new Error(`client id ${clientId}`);
      const verifierDid = clientId.slice('decentralized_identifier:'.length);
      if (typeof header.kid !== 'string' || header.kid.split('#')[0] !== verifierDid)
        throw new Error('the request is not signed by the client id');
      const { payload: request } = await compactVerify(jar, await publicKeyOf(header.kid));
      const params: Json = JSON.parse(new TextDecoder().decode(request));
      if (params.client_id !== clientId || params.response_mode !== 'direct_post')
        throw new Error('unexpected request');
      const vpToken: Record<string, Json[]> = {};
      for (const credentialQuery of params.dcql_query.credentials as Json[]) {
        const matching = held.filter(
          (h) =>
            h.format === credentialQuery.format &&
            (options.only === undefined || h.format === options.only) &&
            (credentialQuery.meta.type_values as string[][]).some((types) =>
              types.every((t) =>
                (h.content.type as string[]).some((own) => t === own || t.endsWith(`#${own}`)),
              ),
            ),
        );
        if (matching.length === 0) continue;
        vpToken[credentialQuery.id] = [
          await presentation(credentialQuery.format, matching, params.nonce, clientId),
        ];
      }
      const answer = await fetch(params.response_uri, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ vp_token: JSON.stringify(vpToken), state: params.state }).toString(),
      });
      const text = await answer.text();
      if (!answer.ok) throw new WalletError(answer.status, text);
      return JSON.parse(text);
    },

    /** A presentation of held credentials, signed by this wallet for a nonce and an audience (the client id). */
    presentation,
  };

  async function presentation(
    format: HeldCredential['format'],
    credentials: HeldCredential[],
    nonce: string,
    audience: string,
  ): Promise<Json> {
    if (format === 'jwt_vc_json')
      return new SignJWT({
        nonce,
        vp: {
          '@context': ['https://www.w3.org/ns/credentials/v2'],
          type: ['VerifiablePresentation'],
          holder: did,
          verifiableCredential: credentials.map((c) => c.credential),
        },
      })
        .setProtectedHeader({ alg: 'EdDSA', typ: 'JWT', kid: keyId })
        .setIssuer(did)
        .setAudience(audience)
        .setIssuedAt(seconds())
        .setExpirationTime(seconds() + 300)
        .sign(privateKey);
    const signPresentation = (vc as unknown as { signPresentation(options: object): Promise<Json> })
      .signPresentation;
    return signPresentation({
      presentation: {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiablePresentation'],
        holder: did,
        verifiableCredential: credentials.map((c) => c.credential),
      },
      suite: new DataIntegrityProof({ signer: pair.signer(), cryptosuite }),
      challenge: nonce,
      domain: audience,
      documentLoader,
    });
  }
}

/** What openWallet gives. */
export type TestWallet = Awaited<ReturnType<typeof openWallet>>;
