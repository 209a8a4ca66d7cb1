import {
  asList,
  asObject,
  BITSTRING_STATUS_CONTEXT,
  issuerIdOf,
  type JsonObject,
  VC_V1_CONTEXT,
} from '../credentials/index.js';
import type { Actor } from '../kernel/audit.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';
import { issueCredential } from './issue-credential.js';
import { didKeyHolder, type KeyDeps } from './issuer-keys.js';

/** Who a submitted credential is to be issued as: an instelling, under its did:web or one of its did:keys. */
export interface IssuingIdentity {
  institutionId: string;
  /** The issuer key whose did:key the credential names as its issuer, and when that key was retired. */
  didKey?: { publicKeyMultibase: string; retiredAt: string | null };
}

/**
 * Who a submitted credential is to be issued as, by the DID its `issuer` names: an instelling's did:web,
 * or the did:key of one of its issuer keys. Undefined when it names none of ours. What the VC-API issue
 * operation's guard decides on.
 * @example await issuingIdentity(deps, { issuer: 'did:web:localhost%3A8787:institutions:han' }) // { institutionId: 'han' }
 */
export async function issuingIdentity(
  deps: Pick<Deps, 'urls' | 'db'>,
  credential: JsonObject,
): Promise<IssuingIdentity | undefined> {
  const issuer = issuerIdOf(credential);
  if (issuer === undefined) return undefined;
  const institutionId = deps.urls.institutionOfDid(issuer);
  if (institutionId) return { institutionId };
  const holder = await didKeyHolder(deps, issuer);
  return (
    holder && {
      institutionId: holder.institutionId,
      didKey: { publicKeyMultibase: holder.publicKeyMultibase, retiredAt: holder.retiredAt },
    }
  );
}

/** The caller's id for the credential, which must be an absolute URL (VCDM 2.0), or none. */
function submittedId(credential: JsonObject): string | undefined {
  if (credential.id === undefined) return undefined;
  if (typeof credential.id !== 'string' || !/^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(credential.id))
    throw fail.invalid('credential.id', 'must be an absolute URL, e.g. urn:uuid:…, or left out');
  return credential.id;
}

/**
 * The caller's own `credentialStatus`, when it sent one. The instelling calling the VC-API is the issuer,
 * so a well-formed entry of its own (VC Data Model 2.0 §4.10: a `type`, an `id` that is a URL when
 * present; checked with every other property when it is issued) is signed as it is, instead of ours: the
 * official OBv3 and CLR schemas allow one entry, and the issuer runs that status where the entry points.
 * Refused: an entry on one of this service's own status lists, whose indexes are ours to allocate (an
 * index not drawn for this credential may be another credential's, and revoking one would revoke both).
 */
function givenStatus(
  deps: Pick<Deps, 'urls'>,
  credential: JsonObject,
): { credentialStatus: unknown } | undefined {
  if (!('credentialStatus' in credential)) return undefined;
  const entries = asList(credential.credentialStatus);
  entries.forEach((entry, i) => {
    const list = asObject(entry)?.statusListCredential;
    if (typeof list === 'string' && deps.urls.statusListIdOf(list) !== undefined)
      throw fail.invalid(
        Array.isArray(credential.credentialStatus)
          ? `credential.credentialStatus[${i}].statusListCredential`
          : 'credential.credentialStatus.statusListCredential',
        "an entry on this service's status lists is allocated here: leave credentialStatus out to get one",
      );
  });
  return { credentialStatus: credential.credentialStatus };
}

/**
 * The credential's `@context`, with the Bitstring Status List context added for a VC 1.1 credential that
 * gets our status entry: the VC 1.1 context does not define `BitstringStatusListEntry` and its terms (the
 * VC 2.0 context does).
 */
function contextFor(context: unknown, withOurStatus: boolean): unknown {
  const contexts = asList(context);
  if (!withOurStatus || contexts[0] !== VC_V1_CONTEXT || contexts.includes(BITSTRING_STATUS_CONTEXT))
    return context;
  return [...contexts, BITSTRING_STATUS_CONTEXT];
}

/**
 * Issues a credential a caller submitted (VC-API `POST /credentials/issue`) as the instelling its
 * `issuer` names: by its did:web (its active key), or by the did:key of its active issuer key, which an
 * instelling may choose for verifiers that resolve only did:key (then on a status list of that did:key).
 * It carries its `id` (or a new `urn:uuid:`) and our status entry, or the caller's own well-formed one
 * (see givenStatus), as a Data Integrity proof or a VC-JWT. Who may issue as that instelling is declared
 * on the operation.
 * @example const signed = await issueSubmittedCredential(deps, opleider, credential, { format: 'vc+jwt' })
 */
export async function issueSubmittedCredential(
  deps: KeyDeps,
  actor: Actor,
  credential: JsonObject,
  options: { format?: 'vc+jwt' | undefined } = {},
): Promise<JsonObject> {
  const identity = await issuingIdentity(deps, credential);
  if (!identity)
    throw fail.invalid(
      'credential.issuer',
      "must be the did:web of an instelling of this service, or the did:key of an instelling's issuer key",
    );
  if (identity.didKey?.retiredAt)
    throw fail.invalid(
      'credential.issuer',
      `that did:key's key was retired on ${identity.didKey.retiredAt}: issue under the did:key of your active key, or your did:web`,
    );
  const given = givenStatus(deps, credential);
  const { '@context': context, ...rest } = credential;
  const issued = await issueCredential(deps, {
    institutionId: identity.institutionId,
    issuerKey: identity.didKey?.publicKeyMultibase,
    givenStatus: given,
    credentialId: submittedId(credential),
    format: options.format ?? 'ldp',
    // The document carries the id its row and status entry are keyed by (`@context` stays first).
    build: (id, credentialStatus) => ({
      '@context': contextFor(context, given === undefined),
      id,
      ...rest,
      credentialStatus,
    }),
    audit: { actor, action: 'credential.issued' },
  });
  return issued.credential;
}
