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
 * recognised (another instelling of this service, by slug or did:web, or any DID). Nothing any other
 * instelling recognised or pinned counts. Not found for an unknown instelling.
 * @example await trustOf(deps, 'han', 'did:web:localhost%3A8787:institutions:ncoi') // { trusted: true, because: "recognised by 'han' …" }
 */
export async function trustOf(
  deps: Pick<Deps, 'db' | 'urls'>,
  institutionId: string,
  issuerDid: string,
): Promise<{ trusted: boolean; because: string }> {
  await loadInstitutionFacts(deps, institutionId);
  if (issuerDid === deps.urls.issuerDid(institutionId))
    return { trusted: true, because: `the issuer is '${institutionId}' itself` };
  const slug = deps.urls.institutionOfDid(issuerDid);
  const recognition = await deps.db.kysely
    .selectFrom('recognition')
    .select(['id', 'created_at'])
    .where('institution_id', '=', institutionId)
    .where((eb) =>
      slug === undefined ? eb('issuer_did', '=', issuerDid) : eb('issuer_institution_id', '=', slug),
    )
    .executeTakeFirst();
  return recognition
    ? {
        trusted: true,
        because: `recognised by '${institutionId}' on ${recognition.created_at.slice(0, 10)} (recognition '${recognition.id}')`,
      }
    : { trusted: false, because: `issuer ${issuerDid} is not recognised by '${institutionId}'` };
}
