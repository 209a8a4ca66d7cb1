import type { MiddlewareHandler } from 'hono';
import { type RouteFacts, type Rule, routeRules } from '../access/index.js';
import { guard, param } from '../http/guard.js';
import { DomainError } from '../kernel/errors.js';
import { loadRouteFacts } from '../learning-routes/index.js';
import { CSRF_FIELD, csrfToken } from '../web-auth/index.js';
import type { PageContext, PageEnv } from './page-env.js';
import { pageGuard } from './page-guard.js';

/**
 * The hidden CSRF field every form of a page carries (src/web-auth checks it before any handler runs).
 * @example <form method="post" action="…"><CsrfField c={c} />…</form>
 */
export const CsrfField = ({ c }: { c: PageContext }) => (
  <input type="hidden" name={CSRF_FIELD} value={csrfToken(c)} />
);

/**
 * The page guard of a page about the route in its `:id`: the loader and rule an operation on
 * `/routes/{id}/…` declares, so the page and the operation answer the same people.
 * @example pages.get('/pages/routes/:id/sign-off', onRoute(routeRules.signOff), handler)
 */
export const onRoute = (rule: Rule<RouteFacts> = routeRules.read): MiddlewareHandler<PageEnv> =>
  pageGuard(guard(param('id', loadRouteFacts), rule));

/**
 * A form field as text: the trimmed string, or undefined when it is absent or empty.
 * @example field(form, 'reason') // 'Verkeerde datum'
 */
export function field(form: Record<string, unknown>, name: string): string | undefined {
  const value = form[name];
  const text = typeof value === 'string' ? value.trim() : undefined;
  return text === '' ? undefined : text;
}

/**
 * Every value of a form field that may repeat (checkboxes), from a body parsed with `{ all: true }`.
 * @example fields(form, 'scope') // ['profile', 'evidence']
 */
export function fields(form: Record<string, unknown>, name: string): string[] {
  const value = form[name];
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return values.filter((v): v is string => typeof v === 'string' && v !== '');
}

/**
 * What a refused write says, to show on its form again: a domain refusal that is the person's to fix
 * (invalid, refused, conflict). Anything else (not found, forbidden, an outage) is rethrown, so it
 * becomes its own error page.
 * @example try { await createGrant(…) } catch (error) { return renderForm(refusalOf(error)); }
 */
export function refusalOf(error: unknown): string {
  if (error instanceof DomainError && ['invalid', 'refused', 'conflict'].includes(error.kind))
    return error.detail;
  throw error;
}

/**
 * A notice after a write that redirected here (`?done=…`), as a status message, or nothing.
 * @example <DoneNotice text={c.req.query('done') === 'shared' ? t.credential.shareCreated : undefined} />
 */
export const DoneNotice = ({ text }: { text: string | undefined }) =>
  text ? (
    <p class="notice ok" role="status">
      {text}
    </p>
  ) : null;

/**
 * A form's refusal, announced when the page shows it again.
 * @example <FormError message={error} />
 */
export const FormError = ({ message }: { message: string | undefined }) =>
  message ? (
    <p class="notice bad" role="alert" id="form-error">
      {message}
    </p>
  ) : null;

/** What a form refused in one of its fields: the field's id, and what to do about it. */
export interface FieldProblem {
  id: string;
  message: string;
}

/** A field's `aria-describedby` (the elements that say more about it) and `aria-invalid`. */
export type Described = { 'aria-describedby'?: string; 'aria-invalid'?: 'true' };

/**
 * What a form's fields say about themselves once it was refused: `problemOf(id)`, the problem of a field
 * (for its ErrorMessage), and `described(id, notes)`, its `aria-describedby` (its hint, its error, a
 * note below it, in reading order) and `aria-invalid`, so a screen reader reads the problem with the field.
 * @example const { problemOf, described } = fieldNotes<'date'>(problems); <input id="date" {...described('date', { hint: true })} />
 */
export function fieldNotes<F extends string>(problems: readonly FieldProblem[]) {
  const problemOf = (id: F) => problems.find((p) => p.id === id)?.message;
  const described = (id: F, notes: { hint?: boolean; note?: boolean } = {}): Described => {
    const ids = [
      ...(notes.hint ? [`${id}-hint`] : []),
      ...(problemOf(id) ? [`${id}-error`] : []),
      ...(notes.note ? [`${id}-note`] : []),
    ];
    return {
      ...(ids.length > 0 ? { 'aria-describedby': ids.join(' ') } : {}),
      ...(problemOf(id) ? { 'aria-invalid': 'true' as const } : {}),
    };
  };
  return { problemOf, described };
}

/**
 * Every field a form refused, at the top of the page, each a link to its field (as GOV.UK and NL Design
 * System forms do): who starts reading at the top learns all there is to fix at once, not one a try.
 * @example <ErrorSummary title={t.compose.problems} problems={[{ id: 'startDate', message: t.compose.startInvalid }]} />
 */
export const ErrorSummary = ({ title, problems }: { title: string; problems: readonly FieldProblem[] }) =>
  problems.length > 0 ? (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title">
      <h2 id="error-summary-title">{title}</h2>
      <ul>
        {problems.map((p) => (
          <li>
            <a href={`#${p.id}`}>{p.message}</a>
          </li>
        ))}
      </ul>
    </div>
  ) : null;

/**
 * What a refused field needs, between its label and the field (`{id}-error`, for the field's
 * `aria-describedby`, with `aria-invalid` on the field).
 * @example <ErrorMessage id="startDate" message={problem} /><input id="startDate" aria-describedby="startDate-error" aria-invalid="true" />
 */
export const ErrorMessage = ({ id, message }: { id: string; message: string | undefined }) =>
  message ? (
    <p class="field-error" id={`${id}-error`}>
      {message}
    </p>
  ) : null;

/**
 * A field's label, and its hint (`{id}-hint`, for the field's `aria-describedby`) when it has one.
 * @example <Labelled id="date" label={t.assessor.date} hint={t.assessor.dateHint} /><input id="date" aria-describedby="date-hint" />
 */
export const Labelled = ({ id, label, hint }: { id: string; label: string; hint?: string }) => (
  <>
    <label for={id}>{label}</label>
    {hint ? (
      <span class="hint" id={`${id}-hint`}>
        {hint}
      </span>
    ) : null}
  </>
);
