import type { Principal } from '../auth/principal.js';

/**
 * Which claims of the provider's ID token (or userinfo) carry what the API's bearer tokens carry. A
 * claim may hold one value or a list (SURFconext's `eduperson_affiliation`); the first value that maps
 * counts.
 */
export interface ClaimNames {
  /** The role: its values are our roles, or mapped to them by `roleValues`. */
  role: string;
  /** The instelling of an opleider: a slug, or mapped to one by `tenantValues`. */
  institution: string;
  /** The werkgever of a werkgever or praktijkopleider. */
  employer: string;
  /** The name shown on the pages. */
  name: string;
}

/** The OpenID Connect provider the pages sign in with, and how its claims become a principal. */
export interface OidcSettings {
  /** The issuer URL; its `/.well-known/openid-configuration` is read on the first sign-in. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes to ask for; `openid` among them. */
  scopes: string;
  claims: ClaimNames;
  /** Provider values of the role claim → our roles, e.g. `{ "student": "learner" }`; values not listed are taken as they are. */
  roleValues: Readonly<Record<string, Principal['role']>>;
  /** Provider values of the tenant claims → our slugs, e.g. `{ "han.nl": "han" }`; values not listed are taken as they are. */
  tenantValues: Readonly<Record<string, string>>;
  /** Plain http to the provider: only for the development provider on loopback. */
  allowInsecureHttp?: boolean;
}

/** The claim names a provider is read with when none are configured: those of the development provider. */
export const DEFAULT_CLAIMS: ClaimNames = {
  role: 'loopbrug_role',
  institution: 'loopbrug_institution',
  employer: 'loopbrug_employer',
  name: 'name',
};

/** What the pages need of their runtime: the sign-in provider (when there is one) and the session length. */
export interface WebSettings {
  signIn: OidcSettings | undefined;
  /** How long a page session lasts after signing in. */
  sessionMinutes: number;
}
