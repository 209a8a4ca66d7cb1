/** One field a domain rule refused, named as the domain names it (`roleId`, `credentials[2].issuer`). */
export interface FieldError {
  field: string;
  message: string;
}

/**
 * What kind of refusal a domain rule made. The HTTP layer alone turns these into status codes:
 * `not-found` 404, `forbidden` 403, `conflict` 409, `invalid` and `refused` 422.
 */
export type DomainErrorKind = 'not-found' | 'forbidden' | 'conflict' | 'invalid' | 'refused';

/**
 * A refusal by a domain rule: the caller's to fix, never a fault of ours. Domain code throws these and
 * knows nothing of HTTP; fields are named as the domain knows them, without `body.` or `query.`.
 */
export class DomainError extends Error {
  constructor(
    readonly kind: DomainErrorKind,
    readonly title: string,
    readonly detail: string,
    readonly fields: readonly FieldError[] = [],
  ) {
    super(detail);
  }
}

const TITLES: Record<DomainErrorKind, string> = {
  'not-found': 'Not found',
  forbidden: 'Forbidden',
  conflict: 'Conflict',
  invalid: 'The request is not valid',
  refused: 'The request is refused',
};

/**
 * The refusals every feature makes.
 * @example throw fail.notFound('module', id)
 * @example throw fail.invalid('roleId', `there is no role '${roleId}'`)
 */
export const fail = {
  notFound: (what: string, id: string) =>
    new DomainError('not-found', TITLES['not-found'], `There is no ${what} '${id}'.`),
  forbidden: (detail: string, fields: readonly FieldError[] = []) =>
    new DomainError('forbidden', TITLES.forbidden, detail, fields),
  /** A write that conflicts with what exists, with the fields that conflict (`code`, when it is taken). */
  conflict: (detail: string, fields: readonly FieldError[] = []) =>
    new DomainError('conflict', TITLES.conflict, detail, fields),
  invalid: (field: string, message: string) => fail.invalidFields([{ field, message }]),
  invalidFields: (fields: readonly FieldError[]) =>
    new DomainError(
      'invalid',
      TITLES.invalid,
      fields.map((e) => `${e.field}: ${e.message}`).join('; '),
      fields,
    ),
  /** A well-formed request a domain rule refuses as a whole, with a title of its own ("Not admitted"). */
  refused: (title: string, detail: string, fields: readonly FieldError[] = []) =>
    new DomainError('refused', title, detail, fields),
};

/**
 * Throws the collected field errors at once, if there are any.
 * @example refuseFields(items.flatMap((item, i) => item.ok ? [] : [{ field: `items[${i}]`, message: 'bad' }]))
 */
export function refuseFields(fields: readonly FieldError[]): void {
  if (fields.length > 0) throw fail.invalidFields(fields);
}

/**
 * What was thrown, as an Error: itself when it is one, else an Error saying it.
 * @example const outcome = await work().catch(asError) // Error | result
 */
export const asError = (reason: unknown): Error =>
  reason instanceof Error ? reason : new Error(String(reason));
