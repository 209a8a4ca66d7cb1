import { loadInstitutionFacts } from '../catalog/index.js';
import type { Deps } from '../kernel/ports.js';

/** One instelling's answer to "do you trust this issuer", and why. */
export interface Trust {
  institutionId: string;
  trusted: boolean;
  because: string;
}

/**
 * Whether `institutionId` trusts the issuer `issuerDid`: its own did:web, or an issuer its opleider
 * recognised (another instelling of this service, by slug or did:web, or any DID). An instelling of this
 * service that issues under the did:key of one of its issuer keys is the same issuer as its did:web
 * (trusted by itself, and by whoever recognised it), on the did:web's terms: a key it retired speaks for
 * it only for what it signed before (`signedAt`, the proof's date), as a retired key in its DID document
 * does. Nothing any other instelling recognised or pinned counts. Not found for an unknown instelling.
 * @example await trustOf(deps, 'han', 'did:web:localhost%3A8787:institutions:ncoi') // { trusted: true, because: "recognised by 'han' …" }
 */
export async function trustOf(
  deps: Pick<Deps, 'db' | 'urls' | 'published'>,
  institutionId: string,
  issuerDid: string,
  options: { signedAt?: string | undefined } = {},
): Promise<{ trusted: boolean; because: string }> {
  await loadInstitutionFacts(deps, institutionId);
  const didKey = issuerDid.startsWith('did:key:')
    ? await deps.published.didKeyHolder(deps, issuerDid)
    : undefined;
  if (didKey?.retiredAt) {
    const signedAt = options.signedAt === undefined ? Number.NaN : Date.parse(options.signedAt);
    if (!(signedAt <= Date.parse(didKey.retiredAt)))
      return {
        trusted: false,
        because: `${issuerDid} is a key '${didKey.institutionId}' retired on ${didKey.retiredAt}; it speaks for '${didKey.institutionId}' only for what it signed before`,
      };
  }
  const slug = deps.urls.institutionOfDid(issuerDid) ?? didKey?.institutionId;
  if (slug === institutionId)
    return {
      trusted: true,
      because: didKey
        ? `the issuer is '${institutionId}' itself, under the did:key of its issuer key`
        : `the issuer is '${institutionId}' itself`,
    };
  const recognition = await deps.db.kysely
    .selectFrom('recognition')
    .select(['id', 'created_at'])
    .where('institution_id', '=', institutionId)
    .where((eb) =>
      eb.or([
        eb('issuer_did', '=', issuerDid),
        ...(slug === undefined ? [] : [eb('issuer_institution_id', '=', slug)]),
      ]),
    )
    .executeTakeFirst();
  return recognition
    ? {
        trusted: true,
        because: `recognised by '${institutionId}' on ${recognition.created_at.slice(0, 10)} (recognition '${recognition.id}')`,
      }
    : { trusted: false, because: `issuer ${issuerDid} is not recognised by '${institutionId}'` };
}
