import type { Child } from 'hono/jsx';

/**
 * One fact of a description list, or nothing when there is no value.
 * @example <dl><Fact label={t.credential.issuer} value={about.issuer} /></dl>
 */
export const Fact = ({ label, value }: { label: string; value: string | undefined }) =>
  value ? (
    <>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </>
  ) : null;

/**
 * A table in a region of its own that the keyboard can reach, because on a phone it scrolls sideways;
 * its caption (for screen readers) is its label, and `headers` are its column headers. A `stacked`
 * table does not scroll on a phone: below 48rem each row is a card, each cell under its column's name
 * (give each `td` its header as `data-label`, and the row's `th` too when it does not say what it is, a
 * bare number), so no column, and no action in the last one, is off the screen until someone scrolls
 * sideways.
 * @example <ScrollTable label={t.history.auditCaption} headers={[t.history.at, t.history.action]}>{rows}</ScrollTable>
 * @example <ScrollTable label={t.routes.caption} headers={[t.routes.role, t.routes.status]} stacked><tr><th scope="row">…</th><td data-label={t.routes.status}>…</td></tr></ScrollTable>
 */
export const ScrollTable = ({
  label,
  headers,
  stacked = false,
  children,
}: {
  label: string;
  headers: Child[];
  stacked?: boolean;
  children: Child;
}) => (
  <section class={stacked ? 'table-wrap stacked' : 'table-wrap'} aria-label={label} tabindex={0}>
    <table>
      <caption class="visually-hidden">{label}</caption>
      <thead>
        <tr>
          {headers.map((header) => (
            <th scope="col">{header}</th>
          ))}
        </tr>
      </thead>
      <tbody>{children}</tbody>
    </table>
  </section>
);
