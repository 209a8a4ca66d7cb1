import { asList, asObject, type JsonObject } from '../credentials/index.js';

/**
 * What a pickup issues: the credential it copies, bound to the holder. Everything the instelling
 * attested stays as it was (the achievement, the result, the identity objects, validity, schema); the
 * proof, id and status entry go, since the copy is a credential of its own (issueCredential gives it a
 * new id and status entry and signs it); every subject gets `id` = the DID whose key the wallet proved,
 * which is what holder binding means for a W3C credential.
 * @example holderBoundCopy(moduleCredential, 'did:key:z6Mk…').credentialSubject.id // 'did:key:z6Mk…'
 */
export function holderBoundCopy(source: JsonObject, holderDid: string): JsonObject {
  const { proof: _proof, id: _id, credentialStatus: _status, ...attested } = source;
  const subjects = asList(source.credentialSubject).map((subject) => ({
    ...(asObject(subject) ?? {}),
    id: holderDid,
  }));
  return {
    ...attested,
    credentialSubject: Array.isArray(source.credentialSubject) ? subjects : subjects[0],
  };
}
