import { describe, expect, it } from 'vitest';
import { principalFromClaims } from './claim-mapping.js';
import { DEFAULT_CLAIMS } from './settings.js';

const devSettings = { claims: DEFAULT_CLAIMS, roleValues: {}, tenantValues: {} };
/** A SURFconext-like provider: multi-valued affiliation, the home organisation as the tenant. */
const surf = {
  claims: {
    role: 'eduperson_affiliation',
    institution: 'schac_home_organization',
    employer: 'loopbrug_employer',
    name: 'name',
  },
  roleValues: { student: 'learner', employee: 'opleider' } as const,
  tenantValues: { 'han.nl': 'han' },
};

describe('claims of the provider → the principal of the pages', () => {
  it('reads the development provider’s claims as a bearer token’s', () => {
    expect(
      principalFromClaims(
        { sub: 'pol-ksu-1', name: 'Joost', loopbrug_role: 'praktijkopleider', loopbrug_employer: 'ksu' },
        devSettings,
      ),
    ).toEqual({ principal: { sub: 'pol-ksu-1', role: 'praktijkopleider', employer: 'ksu' }, name: 'Joost' });
  });

  it('maps a multi-valued role claim and a tenant by the configured value maps', () => {
    expect(
      principalFromClaims(
        { sub: 'abc', eduperson_affiliation: ['member', 'employee'], schac_home_organization: 'han.nl' },
        surf,
      ),
    ).toEqual({ principal: { sub: 'abc', role: 'opleider', institution: 'han' }, name: undefined });
    expect(principalFromClaims({ sub: 'def', eduperson_affiliation: ['member', 'student'] }, surf)).toEqual({
      principal: { sub: 'def', role: 'learner' },
      name: undefined,
    });
  });

  it('keeps only the tenant the role reads for', () => {
    const person = principalFromClaims(
      { sub: 'x', loopbrug_role: 'learner', loopbrug_institution: 'han', loopbrug_employer: 'ksu' },
      devSettings,
    );
    expect(person).toEqual({ principal: { sub: 'x', role: 'learner' }, name: undefined });
  });

  it.each([
    [{ sub: 'x' }, "the claim 'loopbrug_role' names no role of Loopbrug"],
    [{ sub: 'x', loopbrug_role: 'rector' }, "the claim 'loopbrug_role' names no role of Loopbrug"],
    [{ sub: 'x', loopbrug_role: 'opleider' }, 'an opleider token names its institution'],
    [{ sub: 'x', loopbrug_role: 'werkgever', loopbrug_employer: 'Not A Slug' }, "'loopbrug_employer'"],
    [{ loopbrug_role: 'learner' }, "'sub'"],
  ])('refuses %j: %s', (claims, why) => {
    const result = principalFromClaims(claims, devSettings);
    expect(result).toEqual({ refused: expect.stringContaining(why) });
  });
});
