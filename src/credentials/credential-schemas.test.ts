import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';
import Ajv2019 from 'ajv/dist/2019.js';
import { describe, expect, it } from 'vitest';
import { PUBLISHED_SCHEMAS } from '../../schemas/credentials.js';
import { publicUrls } from '../kernel/urls.js';
import {
  BUNDLED_CONTEXTS,
  CLR_V2_CONTEXT,
  MICROCREDENTIAL_CONTEXT,
  MICROCREDENTIAL_V1_CONTEXT,
} from './contexts.js';
import {
  BUNDLED_SCHEMAS,
  CLR_CREDENTIAL_SCHEMA,
  credentialSchemaAt,
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
} from './credential-schemas.js';
import { sampleInput } from './fixtures.test-support.js';
import { type JsonSchema, validateJsonSchema } from './json-schema.js';
import { buildModuleCredential } from './module-credential.js';
import { VENDORED_DIGESTS } from './related-resources.js';

const publicUrlsDeps = { urls: publicUrls('http://localhost:8787') };

const vendored = (name: string) =>
  readFileSync(new URL(`../../schemas/vendor/1edtech/${name}`, import.meta.url));
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('the bundled 1EdTech schemas and contexts', () => {
  it('are the vendored files, unmodified (the sha256 the vendor README names)', () => {
    expect(sha256(vendored('ob_v3p0_achievementcredential_schema.json'))).toBe(
      'b7358e895f492e74055dc6bfc7ffc420d0e497f90c4579fb83d9519b86d393ea',
    );
    expect(sha256(vendored('clr_v2p0_clrcredential_schema.json'))).toBe(
      '59d778659204b0bd593e9e2ab1683fb6f688e339885c44019f606ed6feb4caee',
    );
    expect(sha256(vendored('clr-context-2.0.1.json'))).toBe(
      '880f1902d4158f2f33ce06af41b90719977cd1ea337a9de2e41edb3ff5e543d6',
    );
    for (const [url, name] of [
      [OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, 'ob_v3p0_achievementcredential_schema.json'],
      [CLR_CREDENTIAL_SCHEMA, 'clr_v2p0_clrcredential_schema.json'],
    ] as const) {
      expect(BUNDLED_SCHEMAS.get(url)).toEqual(JSON.parse(vendored(name).toString('utf8')));
      expect(BUNDLED_SCHEMAS.get(url)?.$id).toBe(url);
    }
    expect(BUNDLED_CONTEXTS.get(CLR_V2_CONTEXT)).toEqual(
      JSON.parse(vendored('clr-context-2.0.1.json').toString('utf8')),
    );
  });

  it('bundles our context at its stable URL, with its vocabulary under https://id.loopbrug.nl/vocab#', () => {
    const context = BUNDLED_CONTEXTS.get(MICROCREDENTIAL_CONTEXT)?.['@context'] as Record<
      string,
      { '@id': string }
    >;
    expect(MICROCREDENTIAL_CONTEXT).toBe('https://id.loopbrug.nl/contexts/microcredential-v2.jsonld');
    expect(
      Object.values(context).every((term) => term['@id'].startsWith('https://id.loopbrug.nl/vocab#')),
    ).toBe(true);
  });

  it("finds a schema by its canonical URL or, for earlier credentials, this deployment's own URL; never another", () => {
    const urls = publicUrls('http://localhost:8787');
    expect(credentialSchemaAt(urls, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA)).toBe(
      BUNDLED_SCHEMAS.get(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA),
    );
    expect(credentialSchemaAt(urls, 'http://localhost:8787/schemas/clr-credential.schema.json')).toBe(
      PUBLISHED_SCHEMAS['clr-credential.schema.json'],
    );
    for (const url of [
      'https://other.example/schemas/clr-credential.schema.json',
      'http://localhost:8787/schemas/nope.json',
      'http://localhost:8787/schemas/constructor',
      'https://purl.imsglobal.org/spec/ob/v3p0/schema/json/other.json',
    ])
      expect(credentialSchemaAt(urls, url)).toBeUndefined();
  });
});

describe('validateJsonSchema (@cfworker/json-schema)', () => {
  const schema: JsonSchema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    type: 'object',
    required: ['id'],
    properties: {
      items: { type: 'array', items: { type: 'object', required: ['name'] } },
      'a/b': { type: 'string' },
    },
  };

  it('names what is wrong where, without repeating it for every level above', () => {
    expect(validateJsonSchema(schema, { id: 'x', items: [{ name: 'a' }] })).toEqual([]);
    expect(validateJsonSchema(schema, { items: [{ name: 'a' }, {}], 'a/b': 1 })).toEqual([
      { path: '', message: 'Instance does not have required property "id".' },
      { path: 'items[1]', message: 'Instance does not have required property "name".' },
      { path: 'a/b', message: 'Instance type "number" is invalid. Expected "string".' },
    ]);
  });

  it('reports a oneOf of the official schemas by what failed inside it', () => {
    const official = BUNDLED_SCHEMAS.get(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA) as JsonSchema;
    const errors = validateJsonSchema(official, {
      '@context': ['https://www.w3.org/ns/credentials/v2', 'https://example.org/not-ob.json'],
      id: 'urn:uuid:1',
      type: ['VerifiableCredential', 'OpenBadgeCredential'],
      issuer: { id: 'did:key:z6Mk', type: ['Profile'] },
      validFrom: '2026-11-22T09:00:00Z',
      credentialSubject: { type: ['AchievementSubject'] },
    });
    expect(errors).toContainEqual({ path: '@context[1]', message: 'String does not match pattern.' });
    expect(errors).toContainEqual({
      path: 'credentialSubject',
      message: 'Instance does not have required property "achievement".',
    });
  });
});

describe('the JSON Schemas we publish, in a generic validator (Ajv, offline)', () => {
  it('declare draft-07 and compile with no meta-schema fetched; a module credential meets ours (JSON Schema draft-07)', () => {
    const ajv = new Ajv({ strict: false });
    // What a 2020-12 schema meets there: a meta-schema the validator would have to fetch.
    expect(() => ajv.compile({ $schema: 'https://json-schema.org/draft/2020-12/schema' })).toThrow(
      /no schema with key or ref/,
    );
    for (const [name, schema] of Object.entries(PUBLISHED_SCHEMAS)) {
      expect((schema as JsonSchema).$schema, name).toBe('http://json-schema.org/draft-07/schema#');
      expect(() => ajv.compile(schema), name).not.toThrow();
    }
    const validate = ajv.compile(PUBLISHED_SCHEMAS['module-credential.schema.json'] as object);
    const credential = JSON.parse(JSON.stringify(buildModuleCredential(sampleInput(publicUrlsDeps))));
    expect(validate(credential), JSON.stringify(validate.errors)).toBe(true);
  });

  it("also compiles 1EdTech's official schemas (JSON Schema draft 2019-09) offline, and a module credential meets the OBv3 one there too", () => {
    const ajv = new Ajv2019({ strict: false, validateFormats: false });
    const official = ajv.compile(BUNDLED_SCHEMAS.get(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA) as object);
    ajv.compile(BUNDLED_SCHEMAS.get(CLR_CREDENTIAL_SCHEMA) as object);
    const credential = JSON.parse(JSON.stringify(buildModuleCredential(sampleInput(publicUrlsDeps))));
    expect(official(credential), JSON.stringify(official.errors)).toBe(true);
  });
});

describe('resources held byte for byte (VC Data Model 2.0 §5.3 relatedResource digests)', () => {
  it('names the SHA-2 digests of the vendored 1EdTech files as the files are (VC Data Model 2.0 §5.3)', () => {
    for (const [url, name] of [
      [OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, 'ob_v3p0_achievementcredential_schema.json'],
      [CLR_CREDENTIAL_SCHEMA, 'clr_v2p0_clrcredential_schema.json'],
      [CLR_V2_CONTEXT, 'clr-context-2.0.1.json'],
    ] as const)
      for (const algorithm of ['sha256', 'sha384', 'sha512'] as const)
        expect(VENDORED_DIGESTS.get(url)?.[algorithm], `${name} ${algorithm}`).toBe(
          createHash(algorithm).update(vendored(name)).digest('base64'),
        );
  });

  it('keeps version 1 of our stable context bundled; version 2 only adds the Annex I terms to it', () => {
    const v1 = BUNDLED_CONTEXTS.get(MICROCREDENTIAL_V1_CONTEXT)?.['@context'] as Record<string, unknown>;
    const v2 = BUNDLED_CONTEXTS.get(MICROCREDENTIAL_CONTEXT)?.['@context'] as Record<string, unknown>;
    for (const [term, definition] of Object.entries(v1)) expect(v2[term], term).toEqual(definition);
    expect(Object.keys(v2).filter((term) => !(term in v1))).toEqual([
      'prerequisites',
      'assessmentSupervision',
      'furtherInformation',
    ]);
  });
});
