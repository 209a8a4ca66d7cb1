import { z } from '@hono/zod-openapi';

/** A lowercase, URL-safe identifier chosen by people, e.g. `han` or `roc-rivor`. */
export const Slug = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lowercase letters, digits and single hyphens')
  .min(2)
  .max(40)
  .openapi({ example: 'han' });

/** A generated identifier. */
export const Id = z.string().min(1).max(100).openapi({ example: '0f8fad5b-d9cb-469f-a165-70867728950e' });

export const Uri = z.url().max(500).openapi({ example: 'https://loopbrug.example/kd/vig/b1-k1-w3' });

/** A calendar date, `YYYY-MM-DD`. */
export const IsoDate = z.iso.date().openapi({ example: '2027-03-01' });

export const Timestamp = z.iso.datetime().openapi({ example: '2026-11-22T10:00:00.000Z' });

export const Text = (max: number) => z.string().trim().min(1).max(max);

/**
 * Dutch education levels and their NLQF/EQF level; the same scale is used for modules,
 * qualifications and a learner's werk- en denkniveau.
 */
export const EDUCATION_LEVELS = {
  'mbo-1': 1,
  'mbo-2': 2,
  'mbo-3': 3,
  'mbo-4': 4,
  ad: 5,
  'hbo-bachelor': 6,
  'wo-bachelor': 6,
  'hbo-master': 7,
  'wo-master': 7,
} as const;
export type EducationLevel = keyof typeof EDUCATION_LEVELS;

export const EducationLevelName = z
  .enum(Object.keys(EDUCATION_LEVELS) as [EducationLevel, ...EducationLevel[]])
  .openapi({ example: 'mbo-3' });

/** How a level is shown: the Dutch label with its NLQF and EQF number (equal for these levels). */
export const Level = z
  .object({ name: EducationLevelName, nlqf: z.number().int(), eqf: z.number().int() })
  .openapi('Level');

/**
 * Expands a level name to the shape responses carry.
 * @example levelOf('mbo-3') // { name: 'mbo-3', nlqf: 3, eqf: 3 }
 */
export function levelOf(name: EducationLevel): z.infer<typeof Level> {
  const n = EDUCATION_LEVELS[name];
  return { name, nlqf: n, eqf: n };
}

/**
 * A whole number a query or path parameter carries as text (`limit=20`, `/versions/2`). A refusal says
 * what was sent: zod's own coercion turns `abc` into NaN first, and then says "expected number, received
 * number".
 * @example WholeNumber(1, 200).parse('20') // 20
 * @example WholeNumber(1).safeParse('abc').error?.issues[0]?.message // "expected a whole number of at least 1, got 'abc'"
 */
export function WholeNumber(min: number, max?: number) {
  const range = max === undefined ? `of at least ${min}` : `from ${min} to ${max}`;
  const number = z
    .number({ error: (issue) => `expected a whole number ${range}, got '${String(issue.input)}'` })
    .int()
    .min(min);
  return z.preprocess(
    (value) => (typeof value === 'string' && /^[0-9]+$/.test(value) ? Number(value) : value),
    max === undefined ? number : number.max(max),
  );
}

/** One page of a list, with the cursor for the next page (absent on the last page). */
export const pageOf = <T extends z.ZodType>(item: T, name: string) =>
  z.object({ items: z.array(item), nextCursor: z.string().optional() }).openapi(name);

export const PageQuery = z.object({
  cursor: z.string().max(200).optional().openapi({ description: 'Opaque cursor from `nextCursor`.' }),
  limit: WholeNumber(1, 200).default(50),
  q: z.string().trim().min(1).max(100).optional().openapi({ description: 'Text search in title and code.' }),
});

export const IdParam = z.object({ id: Id.openapi({ param: { name: 'id', in: 'path' } }) });

type WithoutDefault<T> = T extends z.ZodDefault<infer Inner> ? Inner : T;

/**
 * The schema of a PATCH body: every field optional and without its default, because zod 4 fills
 * defaults even in `.partial()` objects, which would silently reset fields the client did not send.
 * @example patchOf(EmployerCreate.omit({ id: true })).parse({}) // {}
 */
export function patchOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => [
      key,
      (field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType)).optional(),
    ]),
  );
  return z.object(shape).strict() as unknown as z.ZodObject<
    { [K in keyof S]: z.ZodOptional<WithoutDefault<S[K]>> },
    z.core.$strict
  >;
}
