import { PUBLISHED_SCHEMAS } from '../../schemas/credentials.js';
import clrCredentialSchema from '../../schemas/vendor/1edtech/clr_v2p0_clrcredential_schema.json';
import achievementCredentialSchema from '../../schemas/vendor/1edtech/ob_v3p0_achievementcredential_schema.json';
import type { PublicUrls } from '../kernel/urls.js';
import { type CompiledCheck, type JsonSchema, type SchemaError, validateJsonSchema } from './json-schema.js';
import { asList, asObject } from './json-values.js';
import { achievementCredential, clrCredential } from './schema-checks/official.generated.js';
import type { JsonObject } from './vc-library.js';

/** 1EdTech's OBv3 AchievementCredential schema: what every module credential names in `credentialSchema`. */
export const OB_ACHIEVEMENT_CREDENTIAL_SCHEMA =
  'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json';
/** 1EdTech's CLR 2.0 ClrCredential schema: what every award names in `credentialSchema`. */
export const CLR_CREDENTIAL_SCHEMA =
  'https://purl.imsglobal.org/spec/clr/v2p0/schema/json/clr_v2p0_clrcredential_schema.json';

/**
 * The schemas every deployment holds by their canonical URLs, vendored unmodified
 * (schemas/vendor/1edtech/): never fetched.
 */
export const BUNDLED_SCHEMAS: ReadonlyMap<string, JsonSchema> = new Map<string, JsonSchema>([
  [OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, achievementCredentialSchema as JsonSchema],
  [CLR_CREDENTIAL_SCHEMA, clrCredentialSchema as JsonSchema],
]);

/** The bundled schemas' checks compiled at install (schema-checks/compile.ts), by the schema they check. */
const COMPILED_CHECKS = new Map<JsonSchema, CompiledCheck>([
  [achievementCredentialSchema as JsonSchema, achievementCredential],
  [clrCredentialSchema as JsonSchema, clrCredential],
]);

/**
 * The JSON Schema a `credentialSchema` id names, as this deployment holds it: a bundled one by its
 * canonical URL, or one this deployment published itself under its own URL (what credentials issued
 * before issue 9 name). Undefined for any other URL: schemas are never fetched.
 * @example credentialSchemaAt(deps.urls, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA)?.$id // the same URL
 */
export function credentialSchemaAt(
  urls: Pick<PublicUrls, 'schemaNameOf'>,
  url: string,
): JsonSchema | undefined {
  const bundled = BUNDLED_SCHEMAS.get(url);
  if (bundled) return bundled;
  const name = urls.schemaNameOf(url);
  return name !== undefined && Object.hasOwn(PUBLISHED_SCHEMAS, name)
    ? (PUBLISHED_SCHEMAS[name] as JsonSchema)
    : undefined;
}

/**
 * The ways `credential` breaks the schema at `url` as this deployment holds it (see credentialSchemaAt),
 * checked with the bundled schema's compiled check where there is one; undefined when it holds none.
 * @example schemaErrorsAt(deps.urls, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, moduleCredential) // []
 */
export function schemaErrorsAt(
  urls: Pick<PublicUrls, 'schemaNameOf'>,
  url: string,
  credential: unknown,
): SchemaError[] | undefined {
  const schema = credentialSchemaAt(urls, url);
  return schema && validateJsonSchema(schema, credential, COMPILED_CHECKS.get(schema));
}

/**
 * What keeps a credential from meeting the schemas its `credentialSchema` names, as this deployment holds
 * them (see credentialSchemaAt): a schema it does not hold, or the credential's errors against one. None
 * when it names no schema.
 * @example credentialSchemaErrors(deps.urls, { credentialSchema: { id: 'https://x.example/s.json' } }) // [{ path: 'credentialSchema', … }]
 */
export function credentialSchemaErrors(
  urls: Pick<PublicUrls, 'schemaNameOf'>,
  credential: JsonObject,
): SchemaError[] {
  const named = credential.credentialSchema;
  return asList(named).flatMap((entry, i) => {
    const path = Array.isArray(named) ? `credentialSchema[${i}]` : 'credentialSchema';
    const id = asObject(entry)?.id;
    if (typeof id !== 'string') return [{ path, message: 'names no schema id' }];
    return (
      schemaErrorsAt(urls, id, credential) ?? [
        { path, message: `${id} is not a schema this service holds (schemas are never fetched)` },
      ]
    );
  });
}
