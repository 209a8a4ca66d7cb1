/**
 * A small structural JSON Schema validator for the schemas we publish ourselves: `type`,
 * `required`, `properties`, `items`, `contains`, `minItems`, `const`, `enum`, `minLength`,
 * `pattern`. Other keywords are ignored; it is not a general-purpose validator.
 */
export interface JsonSchema {
  type?: string | string[];
  required?: string[];
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema;
  contains?: JsonSchema;
  minItems?: number;
  const?: unknown;
  enum?: unknown[];
  minLength?: number;
  pattern?: string;
}

export interface SchemaError {
  path: string;
  message: string;
}

const typeOf = (value: unknown): string =>
  value === null
    ? 'null'
    : Array.isArray(value)
      ? 'array'
      : typeof value === 'number' && Number.isInteger(value)
        ? 'integer'
        : typeof value;

const matchesType = (value: unknown, type: string) =>
  typeOf(value) === type || (type === 'number' && typeOf(value) === 'integer');

/**
 * The ways `value` breaks `schema`, with paths like `credentialSubject.achievement.name`.
 * @example validateJsonSchema({ type: 'object', required: ['id'] }, {}) // [{ path: '', message: "'id' is required" }]
 */
export function validateJsonSchema(schema: JsonSchema, value: unknown, path = ''): SchemaError[] {
  const errors: SchemaError[] = [];
  const at = (key: string | number) =>
    typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => matchesType(value, t)))
      return [{ path, message: `must be ${types.join(' or ')}` }];
  }
  if ('const' in schema && JSON.stringify(value) !== JSON.stringify(schema.const))
    errors.push({ path, message: `must be ${JSON.stringify(schema.const)}` });
  if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value)))
    errors.push({ path, message: `must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}` });
  if (typeof value === 'string') {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      errors.push({ path, message: `must be at least ${schema.minLength} characters` });
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value))
      errors.push({ path, message: `must match ${schema.pattern}` });
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems)
      errors.push({ path, message: `must have at least ${schema.minItems} items` });
    if (schema.items) {
      const items = schema.items;
      value.forEach((item, i) => {
        errors.push(...validateJsonSchema(items, item, at(i)));
      });
    }
    if (schema.contains) {
      const contains = schema.contains;
      if (!value.some((item) => validateJsonSchema(contains, item).length === 0))
        errors.push({ path, message: 'contains no matching item' });
    }
  }
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    for (const key of schema.required ?? [])
      if (!(key in object)) errors.push({ path, message: `'${key}' is required` });
    for (const [key, child] of Object.entries(schema.properties ?? {}))
      if (key in object) errors.push(...validateJsonSchema(child, object[key], at(key)));
  }
  return errors;
}
