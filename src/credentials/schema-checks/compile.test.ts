import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publicUrls } from '../../kernel/urls.js';
import { buildClrCredential } from '../clr-credential.js';
import {
  BUNDLED_SCHEMAS,
  CLR_CREDENTIAL_SCHEMA,
  OB_ACHIEVEMENT_CREDENTIAL_SCHEMA,
  schemaErrorsAt,
} from '../credential-schemas.js';
import { sampleInput } from '../fixtures.test-support.js';
import { type CompiledCheck, type JsonSchema, validateJsonSchema } from '../json-schema.js';
import { buildModuleCredential } from '../module-credential.js';
import { COMPILED_SCHEMAS, compileOfficialSchemas } from './compile.js';
import { achievementCredential, clrCredential } from './official.generated.js';

type Json = Record<string, unknown>;
const deps = { urls: publicUrls('http://localhost:8787') };
const proof = {
  type: 'DataIntegrityProof',
  cryptosuite: 'eddsa-rdfc-2022',
  created: '2026-11-22T09:00:00Z',
  verificationMethod: 'did:web:localhost%3A8787:institutions:han#key-1',
  proofPurpose: 'assertionMethod',
  proofValue: 'z3FXQjecWufY46yg5abdVZsXqLhxhueuSoZgNSARiKBk9czhSePTFehP8c3PGfb6a22gkfUKKiBmcJ2v5rD8GRbBE',
};
const moduleCredential = (): Json =>
  JSON.parse(JSON.stringify({ ...buildModuleCredential(sampleInput(deps)), proof }));
const clr = (): Json => {
  const part = moduleCredential();
  const { issuer, learner } = sampleInput(deps);
  return JSON.parse(
    JSON.stringify({
      ...buildClrCredential({
        credentialId: 'urn:uuid:6f1c8f53-2f5c-4b53-9f0e-6d1f3d7c2a10',
        issuer,
        learner,
        qualification: {
          id: deps.urls.qualification('vig'),
          code: 'VIG',
          title: 'Verzorgende IG',
          level: { name: 'mbo-3', nlqf: 3, eqf: 3 },
          criteria: ['Alle modules'],
          competencies: [{ uri: 'https://id.loopbrug.nl/competencies/zorgplan', title: 'Zorgplan' }],
        },
        parts: [part],
        partAchievements: [
          {
            achievementId: (part.credentialSubject as Json & { achievement: Json }).achievement.id as string,
          },
        ],
        validFrom: '2026-11-22T09:00:00Z',
      }),
      proof,
    }),
  );
};

/** Every place in `value` (object members and array items), as paths of keys. */
function pathsOf(value: unknown, at: (string | number)[] = []): (string | number)[][] {
  if (value === null || typeof value !== 'object') return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [[...at, key], ...pathsOf(child, [...at, key])]);
}

/**
 * Copies of `document` each broken, or not, in one place: the member deleted, or its value replaced by
 * another kind of value, or (for a string) by one of another format.
 */
function variantsOf(document: Json): Json[] {
  const replacements = (old: unknown): unknown[] => [
    null,
    42,
    1.5,
    true,
    '',
    'x',
    [],
    {},
    [old],
    ...(typeof old === 'string' ? ['2026-13-45T25:00:00Z', '2026-11-22', `${old} `] : []),
  ];
  return pathsOf(document).flatMap((path) => {
    const at = (copy: Json) => {
      let parent: unknown = copy;
      for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
      return parent as Record<string | number, unknown>;
    };
    const key = path[path.length - 1] as string | number;
    const old = at(document)[key];
    const deleted = structuredClone(document);
    if (Array.isArray(at(deleted))) (at(deleted) as unknown as unknown[]).splice(key as number, 1);
    else delete at(deleted)[key];
    return [
      deleted,
      ...replacements(old).map((replacement) => {
        const copy = structuredClone(document);
        at(copy)[key] = replacement;
        return copy;
      }),
    ];
  });
}

describe('the official schemas compiled ahead of time', () => {
  it('are compiled from the vendored schemas as they are now (the generated module is current)', () => {
    const { js, dts } = compileOfficialSchemas();
    const generated = (extension: string) =>
      readFileSync(new URL(`./official.generated.${extension}`, import.meta.url), 'utf8');
    expect(generated('js') === js, 'official.generated.js is stale: run npm ci (or compile.ts)').toBe(true);
    expect(generated('d.ts')).toBe(dts);
    expect(Object.keys(COMPILED_SCHEMAS)).toEqual(['achievementCredential', 'clrCredential']);
  });

  it.each([
    ['OBv3 AchievementCredential', OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, achievementCredential, moduleCredential],
    ['CLR 2.0 ClrCredential', CLR_CREDENTIAL_SCHEMA, clrCredential, clr],
  ] as const)(
    'give the same verdict as @cfworker/json-schema on a %s broken every way, place by place',
    (_name, url, compiled, sample) => {
      const schema = BUNDLED_SCHEMAS.get(url) as JsonSchema;
      const document = sample();
      const variants = [document, ...variantsOf(document)];
      const disagreements: string[] = [];
      let valid = 0;
      for (const variant of variants) {
        const interpreted = validateJsonSchema(schema, variant).length === 0;
        if (compiled(variant) !== interpreted) disagreements.push(JSON.stringify(compiled.errors));
        if (interpreted) valid++;
      }
      expect(disagreements).toEqual([]);
      // Both verdicts occur, so agreeing is not trivially true.
      expect(compiled(document)).toBe(true);
      expect(valid).toBeGreaterThan(50);
      expect(variants.length - valid).toBeGreaterThan(200);
    },
  );

  it('decide through schemaErrorsAt, which names what is wrong as before', () => {
    const broken = moduleCredential();
    delete broken.issuer;
    expect(schemaErrorsAt(deps.urls, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, moduleCredential())).toEqual([]);
    expect(schemaErrorsAt(deps.urls, OB_ACHIEVEMENT_CREDENTIAL_SCHEMA, broken)).toEqual([
      { path: '', message: 'Instance does not have required property "issuer".' },
    ]);
    expect(schemaErrorsAt(deps.urls, 'https://elsewhere.example/schema.json', broken)).toBeUndefined();
  });

  it('fail closed when the compiled check refuses what the interpreter accepts, saying where', () => {
    const refusing: CompiledCheck = Object.assign(() => false, {
      errors: [{ instancePath: '/credentialSubject/achievement', keyword: 'oneOf' }],
    });
    const schema = BUNDLED_SCHEMAS.get(OB_ACHIEVEMENT_CREDENTIAL_SCHEMA) as JsonSchema;
    expect(validateJsonSchema(schema, moduleCredential(), refusing)).toEqual([
      {
        path: 'credentialSubject.achievement',
        message: "fails the schema's 'oneOf' keyword (found by the compiled check only)",
      },
    ]);
  });
});
