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
 * its caption (for screen readers) is its label, and `headers` are its column headers.
 * @example <ScrollTable label={t.history.auditCaption} headers={[t.history.at, t.history.action]}>{rows}</ScrollTable>
 */
export const ScrollTable = ({
  label,
  headers,
  children,
}: {
  label: string;
  headers: Child[];
  children: Child;
}) => (
  <section class="table-wrap" aria-label={label} tabindex={0}>
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
