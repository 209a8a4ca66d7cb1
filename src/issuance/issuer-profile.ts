import type { CredentialIssuer } from '../credentials/index.js';
import { fail } from '../kernel/errors.js';
import type { Deps } from '../kernel/ports.js';

/**
 * An instelling as the issuer our credentials name: its did:web, name, country, quality assurance
 * and website. Not found for an unknown institution.
 * @example (await issuerProfileOf(deps, 'han')).did // 'did:web:localhost%3A8787:institutions:han'
 */
export async function issuerProfileOf(
  deps: Pick<Deps, 'db' | 'urls'>,
  institutionId: string,
): Promise<CredentialIssuer> {
  const institution = await deps.db.kysely
    .selectFrom('institution')
    .select(['id', 'name', 'country', 'quality_assurance', 'website'])
    .where('id', '=', institutionId)
    .executeTakeFirst();
  if (!institution) throw fail.notFound('institution', institutionId);
  return {
    did: deps.urls.issuerDid(institution.id),
    name: institution.name,
    country: institution.country,
    qualityAssurance: institution.quality_assurance,
    ...(institution.website === null ? {} : { url: institution.website }),
  };
}
