import { type DomainError, fail } from '../kernel/errors.js';
import { ISSUER_DEPENDENT_VOCAB } from './contexts.js';
import { canonize, type DocumentLoader, type JsonObject } from './vc-library.js';

/** A property or type no context defines, and where it appears. */
export interface UndefinedTerm {
  term: string;
  path: string;
}

const ISSUER_DEPENDENT_IRI = new RegExp(
  `<${ISSUER_DEPENDENT_VOCAB.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}([^>]+)>`,
  'g',
);

/**
 * The terms of a credential that no context defines, found in its canonical N-Quads. The VC v2
 * context maps such terms to its `issuer-dependent` vocabulary instead of letting JSON-LD safe mode
 * refuse them, so we look for that vocabulary and refuse them ourselves. Pure, so that signing can
 * run it on the canonical form it computes anyway.
 * @example issuerDependentTerms(await canonize(credential, loader), credential) // [{ term: 'foo', path: 'foo' }]
 */
export function issuerDependentTerms(nquads: string, document: JsonObject): UndefinedTerm[] {
  const terms = new Set<string>();
  for (const match of nquads.matchAll(ISSUER_DEPENDENT_IRI)) terms.add(decodeURIComponent(match[1] ?? ''));
  return [...terms].map((term) => ({ term, path: pathOf(document, term) ?? term }));
}

/**
 * The terms of a credential that no context defines, canonicalising it first (for formats, such as
 * VC-JWT, whose signing does not canonicalise). Safe-mode errors (e.g. a relative IRI) throw.
 * @example await undefinedTerms({ ...credential, foo: 1 }, loader) // [{ term: 'foo', path: 'foo' }]
 */
export async function undefinedTerms(document: JsonObject, loader: DocumentLoader): Promise<UndefinedTerm[]> {
  return issuerDependentTerms(await canonize(document, loader), document);
}

/**
 * The refusal that names each undefined term at its path under `field`.
 * @example throw undefinedTermsRefusal([{ term: 'foo', path: 'foo' }], 'credential')
 */
export function undefinedTermsRefusal(terms: UndefinedTerm[], field: string): DomainError {
  return fail.invalidFields(
    terms.map((u) => ({
      field: `${field}.${u.path}`,
      message: `'${u.term}' is not defined in any of the credential's JSON-LD contexts`,
    })),
  );
}

/**
 * Where a term first appears as a key or a `type` value, as `a.b[0].c`.
 * @example pathOf({ a: [{ foo: 1 }] }, 'foo') // 'a[0].foo'
 */
export function pathOf(value: unknown, term: string, path = ''): string | undefined {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      if (item === term && path.endsWith('type')) return `${path}[${i}]`;
      const found = pathOf(item, term, `${path}[${i}]`);
      if (found) return found;
    }
    return undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, child] of Object.entries(value)) {
    const here = path ? `${path}.${key}` : key;
    if (key === term) return here;
    if (key === 'type' && child === term) return here;
    const found = pathOf(child, term, here);
    if (found) return found;
  }
  return undefined;
}
