/**
 * Validating a credential against a JSON Schema with `@cfworker/json-schema` (drafts 4 to 2020-12; runs
 * on Node and Workers alike): 1EdTech's official OBv3 and CLR 2.0 schemas (draft 2019-09) and the
 * schemas we publish ourselves (draft-07, so that generic validators compile them offline).
 */
import { type OutputUnit, type Schema, type SchemaDraft, Validator } from '@cfworker/json-schema';

/** A JSON Schema document. */
export type JsonSchema = Schema;

/**
 * A check compiled ahead of time for one schema (see schema-checks/compile.ts): true when the value is
 * valid, with where it first failed in `errors` when not.
 */
export interface CompiledCheck {
  (value: unknown): boolean;
  errors?: readonly { instancePath: string; keyword: string }[] | null;
}

export interface SchemaError {
  /** Where in the value, as `credentialSubject.achievement` or `@context[1]`; '' for the value itself. */
  path: string;
  message: string;
}

// Compiling a schema (dereferencing its `$ref`s) costs far more than validating with it; schemas are
// bundled constants, so each is compiled once.
const validators = new WeakMap<JsonSchema, Validator>();

/** The draft a schema declares in `$schema`; 2019-09 (the official schemas' draft) when it declares none. */
function draftOf(schema: JsonSchema): SchemaDraft {
  const declared = schema.$schema ?? '';
  if (declared.includes('2020-12')) return '2020-12';
  if (declared.includes('draft-07')) return '7';
  if (declared.includes('draft-04')) return '4';
  return '2019-09';
}

function validatorOf(schema: JsonSchema): Validator {
  let validator = validators.get(schema);
  if (!validator) {
    validator = new Validator(schema, draftOf(schema), false);
    validators.set(schema, validator);
  }
  return validator;
}

/** `#/credentialSubject/achievement/0` as `credentialSubject.achievement[0]`. */
function pathOf(instanceLocation: string): string {
  return instanceLocation
    .split('/')
    .slice(1)
    .map((segment) => decodeURIComponent(segment).replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((path, key) => (/^\d+$/.test(key) ? `${path}[${key}]` : path ? `${path}.${key}` : key), '');
}

/** The `oneOf`/`anyOf` an error sits in (its outermost one), by schema location; undefined outside any. */
const alternativeOf = (error: OutputUnit) =>
  /^(.*?\/(?:oneOf|anyOf))(?:\/|$)/.exec(error.keywordLocation)?.[1];

const depthOf = (error: OutputUnit) => error.instanceLocation.split('/').length;

/**
 * The errors that say what is wrong. A keyword that failed because a subschema inside it failed
 * (`properties`, `$ref`, `oneOf`…) only repeats what is said inside it, so only the innermost errors
 * count. Inside a failed `oneOf`/`anyOf` every alternative fails, most of them only because the value
 * is not of their kind: there the errors deepest in the value tell (the alternative that got furthest),
 * and a type mismatch tells only when nothing else does.
 */
function telling(errors: OutputUnit[]): OutputUnit[] {
  const innermost = errors.filter(
    (e) => !errors.some((other) => other.keywordLocation.startsWith(`${e.keywordLocation}/`)),
  );
  return innermost.filter((e) => {
    const alternative = alternativeOf(e);
    if (alternative === undefined) return true;
    const group = innermost.filter((other) => alternativeOf(other) === alternative);
    const deepest = Math.max(...group.map(depthOf));
    if (depthOf(e) < deepest) return false;
    return (
      e.keyword !== 'type' || group.every((other) => depthOf(other) < deepest || other.keyword === 'type')
    );
  });
}

/**
 * The ways `value` breaks `schema`, with paths like `credentialSubject.achievement`; none when it is valid.
 * With `compiled`, the check compiled for this schema decides first, and only a value it finds invalid
 * is validated again, for the messages. A value it refuses stays refused even where the interpreter
 * finds nothing wrong (its failing keyword is named then); its `valid` is taken as it is, which the
 * differential test in schema-checks/compile.test.ts holds to the interpreter's verdict.
 * @example validateJsonSchema({ type: 'object', required: ['id'] }, {}) // [{ path: '', message: 'Instance does not have required property "id".' }]
 */
export function validateJsonSchema(
  schema: JsonSchema,
  value: unknown,
  compiled?: CompiledCheck,
): SchemaError[] {
  if (compiled?.(value)) return [];
  const result = validatorOf(schema).validate(value);
  if (result.valid) {
    if (!compiled) return [];
    const first = compiled.errors?.[0];
    return [
      {
        path: pathOf(`#${first?.instancePath ?? ''}`),
        message: `fails the schema's '${first?.keyword ?? 'unknown'}' keyword (found by the compiled check only)`,
      },
    ];
  }
  const errors = telling(result.errors).map((e) => ({ path: pathOf(e.instanceLocation), message: e.error }));
  return errors.filter(
    (e, i) => errors.findIndex((other) => other.path === e.path && other.message === e.message) === i,
  );
}
