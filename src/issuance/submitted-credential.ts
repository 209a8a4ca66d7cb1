import { issuerIdOf, type JsonObject } from '../credentials/index.js';
import type { Actor } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { issueCredential } from './issue-credential.js';
import type { KeyDeps } from './issuer-keys.js';

/**
 * The instelling a submitted credential is to be issued as: the one its `issuer` names by our did:web,
 * or undefined when it names none of ours. What the VC-API issue operation's guard decides on.
 * @example issuingInstitution(deps, { issuer: 'did:web:localhost%3A8787:institutions:han' }) // 'han'
 */
export function issuingInstitution(deps: Pick<Deps, 'urls'>, credential: JsonObject): string | undefined {
  const issuer = issuerIdOf(credential);
  return issuer === undefined ? undefined : deps.urls.institutionOfDid(issuer);
}

/** The caller's id for the credential, which must be an absolute URL (VCDM 2.0), or none. */
function submittedId(credential: JsonObject): string | undefined {
  if (credential.id === undefined) return undefined;
  if (typeof credential.id !== 'string' || !/^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(credential.id))
    throw fail.invalid('credential.id', 'must be an absolute URL, e.g. urn:uuid:…, or left out');
  return credential.id;
}

/**
 * Issues a credential a caller submitted (VC-API `POST /credentials/issue`) as the instelling its
 * `issuer` names, with its `id` (or a new `urn:uuid:`) and our status entry, as a Data Integrity
 * proof or a VC-JWT. Who may issue as that instelling is declared on the operation.
 * @example const signed = await issueSubmittedCredential(deps, opleider, credential, { format: 'vc+jwt' })
 */
export async function issueSubmittedCredential(
  deps: KeyDeps,
  actor: Actor,
  credential: JsonObject,
  options: { format?: 'vc+jwt' | undefined } = {},
): Promise<JsonObject> {
  const institutionId = issuingInstitution(deps, credential);
  if (!institutionId)
    throw fail.invalid('credential.issuer', 'must be the did:web of an instelling of this service');
  // A credentialStatus of the caller's own cannot be honoured: an entry on a list elsewhere cannot be
  // changed by revoking or suspending here; an index in one of our lists
  // was not drawn for this credential, so it may be another credential's (revoking one would
  // revoke both) or free (and then taken by the next). Ours is drawn at random for it.
  if ('credentialStatus' in credential)
    throw fail.invalid(
      'credential.credentialStatus',
      'leave it out: its status entry (revocation and suspension in one) is allocated on your status list at issue',
    );
  const issued = await issueCredential(deps, {
    institutionId,
    credentialId: submittedId(credential),
    format: options.format ?? 'ldp',
    // The document carries the id its row and status entry are keyed by (`@context` stays first).
    build: (id, credentialStatus) => ({
      '@context': credential['@context'],
      id,
      ...credential,
      credentialStatus,
    }),
    audit: { actor, action: 'credential.issued' },
  });
  return issued.credential;
}
