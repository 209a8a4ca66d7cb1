import { base64url } from 'jose';
import { asObject, type DidDocument } from '../credentials/index.js';
import { didDocumentFrom } from './did-web.js';

/**
 * The DID document of a did:jwk, resolved locally as the did:jwk method specifies: the DID is the
 * base64url JSON of a public JWK, its one verification method `#0`, used to assert and to
 * authenticate (unless the JWK says `use: enc`). Only Ed25519 keys sign here; why it cannot be used
 * otherwise.
 * @example await didJwkDocument('did:jwk:eyJjcnYiOiJFZDI1NTE5Iiwia3R5IjoiT0tQIiwieCI6Ii4uLiJ9')
 */
export async function didJwkDocument(did: string): Promise<DidDocument | string> {
  let jwk: Record<string, unknown> | undefined;
  try {
    jwk = asObject(JSON.parse(new TextDecoder().decode(base64url.decode(did.slice('did:jwk:'.length)))));
  } catch {
    jwk = undefined;
  }
  if (!jwk) return 'a did:jwk is the base64url JSON of a JSON Web Key';
  if ('d' in jwk) return 'a did:jwk must not carry a private key';
  const relation = jwk.use === 'enc' ? [] : ['#0'];
  const document = await didDocumentFrom(
    {
      id: did,
      verificationMethod: [{ id: '#0', type: 'JsonWebKey', controller: did, publicKeyJwk: jwk }],
      assertionMethod: relation,
      authentication: relation,
    },
    did,
  );
  if (typeof document !== 'string' && document.verificationMethod.length === 0)
    return 'only an Ed25519 key (kty OKP, crv Ed25519) is supported';
  return document;
}
