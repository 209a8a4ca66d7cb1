import type { AuthorizationServerMetadata } from '@openid4vc/oauth2';
import {
  type CredentialIssuerMetadata,
  type IssuerMetadataResult,
  Openid4vciIssuer,
  Openid4vciVersion,
} from '@openid4vc/openid4vci';
import {
  asList,
  CLR_V2_CONTEXT,
  type JsonObject,
  MICROCREDENTIAL_CONTEXT,
  OB_V3_CONTEXT,
  VC_V2_CONTEXT,
} from '../credentials/index.js';
import { issuerProfileOf } from '../issuance/index.js';
import type { Deps } from '../kernel/ports.js';
import type { PublicUrls } from '../kernel/urls.js';
import { allowDevelopmentUrls, HOLDER_ALGORITHMS, protocolCallbacks } from '../wallet-protocol/index.js';

/** The credential formats a credential is picked up in: Data Integrity, or our VC-JWT (`vc+jwt`). */
export type WalletFormat = 'ldp_vc' | 'jwt_vc_json';

/** What a credential of ours is, as a wallet sees it. */
export type CredentialKind = 'module' | 'award';

interface Configuration {
  kind: CredentialKind;
  format: WalletFormat;
  type: string[];
  context: string[];
  display: { nl: string; en: string; descriptionNl: string; descriptionEn: string };
}

const MODULE = {
  type: ['VerifiableCredential', 'OpenBadgeCredential'],
  context: [VC_V2_CONTEXT, OB_V3_CONTEXT, MICROCREDENTIAL_CONTEXT],
  display: {
    nl: 'Microcredential van een module',
    en: 'Module microcredential',
    descriptionNl:
      'Een afgeronde module, met de leeruitkomsten en competenties die ze aantoont (Open Badges 3.0).',
    descriptionEn:
      'A finished module, with the learning outcomes and competencies it proves (Open Badges 3.0).',
  },
};
const AWARD = {
  type: ['VerifiableCredential', 'ClrCredential'],
  context: [VC_V2_CONTEXT, CLR_V2_CONTEXT, OB_V3_CONTEXT, MICROCREDENTIAL_CONTEXT],
  display: {
    nl: 'Kwalificatie uit gestapelde microcredentials',
    en: 'Qualification from stacked microcredentials',
    descriptionNl: 'Een kwalificatie, met de microcredentials waaruit ze is opgebouwd (CLR 2.0).',
    descriptionEn: 'A qualification, with the microcredentials it is built from (CLR 2.0).',
  },
};

/**
 * The credential configurations every instelling's credential issuer supports: the module
 * microcredential and the qualification award, each in both formats. Their ids are the same at every
 * instelling, so a wallet that knows one issuer knows them all.
 */
export const CONFIGURATIONS: Readonly<Record<string, Configuration>> = {
  ModuleMicrocredential_ldp_vc: { kind: 'module', format: 'ldp_vc', ...MODULE },
  ModuleMicrocredential_jwt_vc_json: { kind: 'module', format: 'jwt_vc_json', ...MODULE },
  QualificationAward_ldp_vc: { kind: 'award', format: 'ldp_vc', ...AWARD },
  QualificationAward_jwt_vc_json: { kind: 'award', format: 'jwt_vc_json', ...AWARD },
};

/**
 * The configuration a credential of this kind is picked up as in this format.
 * @example configurationIdFor('module', 'jwt_vc_json') // 'ModuleMicrocredential_jwt_vc_json'
 */
export const configurationIdFor = (kind: CredentialKind, format: WalletFormat): string =>
  `${kind === 'module' ? 'ModuleMicrocredential' : 'QualificationAward'}_${format}`;

/**
 * What kind of credential of ours a stored document is: an award (a ClrCredential), a module
 * microcredential (an OpenBadgeCredential), or neither (undefined: not offered to wallets).
 * @example kindOf(moduleCredential) // 'module'
 */
export function kindOf(credential: JsonObject): CredentialKind | undefined {
  const types = asList(credential.type);
  if (types.includes('ClrCredential')) return 'award';
  if (types.includes('OpenBadgeCredential') || types.includes('AchievementCredential')) return 'module';
  return undefined;
}

/** Where an instelling's credential issuer and its endpoints are. */
export interface IssuerEndpoints {
  /** The Credential Issuer Identifier: `https://host/institutions/han`, the URL its did:web names. */
  credentialIssuer: string;
  /** Where its metadata is, by RFC 8615 path insertion as OpenID4VCI 1.0 §12.2.2 says. */
  metadata: string;
  /** Where the metadata of the authorization server it is its own is (RFC 8414 path insertion). */
  authorizationServerMetadata: string;
  token: string;
  nonce: string;
  credential: string;
  offer(offerId: string): string;
}

/**
 * The URLs of an instelling's credential issuer. One credential issuer per instelling, each its own
 * authorization server: see the README, "Putting a credential in your wallet", for why.
 * @example issuerEndpoints(urls, 'han').token // 'https://loopbrug.example.nl/institutions/han/oid4vci/token'
 */
export function issuerEndpoints(urls: PublicUrls, institutionId: string): IssuerEndpoints {
  const credentialIssuer = `${urls.base}/institutions/${institutionId}`;
  return {
    credentialIssuer,
    metadata: `${urls.base}/.well-known/openid-credential-issuer/institutions/${institutionId}`,
    authorizationServerMetadata: `${urls.base}/.well-known/oauth-authorization-server/institutions/${institutionId}`,
    token: `${credentialIssuer}/oid4vci/token`,
    nonce: `${credentialIssuer}/oid4vci/nonce`,
    credential: `${credentialIssuer}/oid4vci/credential`,
    offer: (offerId) => `${credentialIssuer}/oid4vci/offers/${offerId}`,
  };
}

/** One configuration as OpenID4VCI 1.0 describes it (and `display` where drafts looked for it too). */
function supported(configuration: Configuration): JsonObject {
  const { format, type, context, display } = configuration;
  const displays = [
    {
      name: display.nl,
      locale: 'nl-NL',
      description: display.descriptionNl,
      background_color: '#12355b',
      text_color: '#ffffff',
    },
    {
      name: display.en,
      locale: 'en-US',
      description: display.descriptionEn,
      background_color: '#12355b',
      text_color: '#ffffff',
    },
  ];
  return {
    format,
    scope: `${type[1]}_${format}`,
    cryptographic_binding_methods_supported: ['did:key', 'did:jwk', 'jwk'],
    credential_signing_alg_values_supported: format === 'ldp_vc' ? ['eddsa-rdfc-2022'] : ['EdDSA'],
    proof_types_supported: { jwt: { proof_signing_alg_values_supported: HOLDER_ALGORITHMS.slice(0, 1) } },
    credential_definition: format === 'ldp_vc' ? { '@context': context, type } : { type },
    credential_metadata: { display: displays },
    display: displays,
  };
}

/**
 * An instelling's Credential Issuer Metadata (OpenID4VCI 1.0 §12.2), with `display` in Dutch and
 * English, validated by the library: not found for an unknown instelling.
 * @example (await credentialIssuerMetadata(deps, 'han')).credential_endpoint
 */
export async function credentialIssuerMetadata(
  deps: Pick<Deps, 'db' | 'urls'>,
  institutionId: string,
): Promise<CredentialIssuerMetadata> {
  allowDevelopmentUrls(deps.urls);
  const { name } = await issuerProfileOf(deps, institutionId);
  const endpoints = issuerEndpoints(deps.urls, institutionId);
  return new Openid4vciIssuer({ callbacks: protocolCallbacks() }).createCredentialIssuerMetadata({
    credential_issuer: endpoints.credentialIssuer,
    credential_endpoint: endpoints.credential,
    nonce_endpoint: endpoints.nonce,
    display: [
      { name, locale: 'nl-NL' },
      { name, locale: 'en-US' },
    ],
    credential_configurations_supported: Object.fromEntries(
      Object.entries(CONFIGURATIONS).map(([id, configuration]) => [id, supported(configuration)]),
    ) as CredentialIssuerMetadata['credential_configurations_supported'],
  });
}

/**
 * The OAuth 2.0 Authorization Server Metadata (RFC 8414) of an instelling's credential issuer, which is
 * its own authorization server: the token endpoint, the pre-authorized code grant, anonymous wallets.
 * @example authorizationServerMetadata(urls, 'han').token_endpoint
 */
export function authorizationServerMetadata(
  urls: PublicUrls,
  institutionId: string,
): AuthorizationServerMetadata {
  allowDevelopmentUrls(urls);
  const endpoints = issuerEndpoints(urls, institutionId);
  return {
    issuer: endpoints.credentialIssuer,
    token_endpoint: endpoints.token,
    grant_types_supported: ['urn:ietf:params:oauth:grant-type:pre-authorized_code'],
    token_endpoint_auth_methods_supported: ['none'],
    'pre-authorized_grant_anonymous_access_supported': true,
  };
}

/**
 * The issuer metadata as the library's issuer functions take it.
 * @example new Openid4vciIssuer({ callbacks }).parseCredentialRequest({ issuerMetadata: await issuerMetadataResult(deps, 'han'), credentialRequest })
 */
export async function issuerMetadataResult(
  deps: Pick<Deps, 'db' | 'urls'>,
  institutionId: string,
): Promise<IssuerMetadataResult> {
  const credentialIssuer = await credentialIssuerMetadata(deps, institutionId);
  const issuer = new Openid4vciIssuer({ callbacks: protocolCallbacks() });
  return {
    originalDraftVersion: Openid4vciVersion.V1,
    credentialIssuer,
    authorizationServers: [authorizationServerMetadata(deps.urls, institutionId)],
    knownCredentialConfigurations: issuer.getKnownCredentialConfigurationsSupported(credentialIssuer),
  };
}
