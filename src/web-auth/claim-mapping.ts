import { Claims, type Principal } from '../auth/principal.js';
import type { OidcSettings } from './settings.js';

/** Who signed in: the principal the pages act as (the same claims a bearer token carries) and their name. */
export interface SignedInPerson {
  principal: Principal;
  name: string | undefined;
}

/** The values of a claim: one string, or each string of a list (multi-valued attributes). */
const valuesOf = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : Array.isArray(value)
      ? value.filter((v) => typeof v === 'string')
      : [];

/**
 * Turns the claims a provider gave (ID token and userinfo) into the principal of the pages, by the
 * configured claim names and value maps; the same validation as a bearer token's claims decides
 * whether it is complete. Returns why not when it is not: a person without a role in Loopbrug signs
 * in to nothing.
 * @example principalFromClaims({ sub: 'x', loopbrug_role: 'opleider', loopbrug_institution: 'han' }, settings) // { principal: { sub: 'x', role: 'opleider', institution: 'han' }, name: undefined }
 * @example principalFromClaims({ sub: 'x', eduperson_affiliation: ['member', 'student'] }, surf) // learner, when surf maps student → learner
 */
export function principalFromClaims(
  claims: Readonly<Record<string, unknown>>,
  settings: Pick<OidcSettings, 'claims' | 'roleValues' | 'tenantValues'>,
): SignedInPerson | { refused: string } {
  const { claims: names, roleValues, tenantValues } = settings;
  const role = valuesOf(claims[names.role])
    .map((value) => roleValues[value] ?? value)
    .find((value) => Claims.safeParse({ sub: 'x', role: value, institution: 'xx', employer: 'xx' }).success);
  if (role === undefined) return { refused: `the claim '${names.role}' names no role of Loopbrug` };
  const tenant = (claim: string) => {
    const value = valuesOf(claims[claim])[0];
    return value === undefined ? undefined : (tenantValues[value] ?? value);
  };
  const institution = role === 'opleider' ? tenant(names.institution) : undefined;
  const employer = role === 'werkgever' || role === 'praktijkopleider' ? tenant(names.employer) : undefined;
  const parsed = Claims.safeParse({
    sub: claims.sub,
    role,
    ...(institution === undefined ? {} : { institution }),
    ...(employer === undefined ? {} : { employer }),
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join('.') ?? '';
    const claim = where === 'institution' ? names.institution : where === 'employer' ? names.employer : where;
    return { refused: `${claim ? `'${claim}': ` : ''}${issue?.message ?? 'incomplete claims'}` };
  }
  const name = valuesOf(claims[names.name])[0];
  return { principal: parsed.data, name };
}
