import { asList, asObject } from './json-values.js';
import { type PublishedResources, relatedResourceErrors } from './related-resources.js';
import type { JsonObject } from './vc-library.js';

/** One property of a credential that breaks what the data model requires of it, at its path. */
export interface PropertyError {
  path: string;
  message: string;
}

const isUrl = (value: unknown): value is string =>
  typeof value === 'string' && /^[a-z][a-z0-9+.-]*:[^\s]+$/i.test(value);

const hasType = (entry: JsonObject) => {
  const types = asList(entry.type);
  return types.length > 0 && types.every((t) => typeof t === 'string' && t !== '');
};

/** The entries of a property that must hold "one or more objects", each with its path. */
function entriesOf(credential: JsonObject, property: string): Array<{ path: string; entry: unknown }> {
  const value = credential[property];
  if (value === undefined) return [];
  return asList(value).map((entry, i) => ({
    path: Array.isArray(value) ? `${property}[${i}]` : property,
    entry,
  }));
}

/**
 * A `credentialStatus` entry (VC Data Model 2.0 §4.10): an object with a `type`, and an `id` that is a
 * URL when present. A `BitstringStatusListEntry` must also say what a verifier reads (Bitstring Status
 * List v1.0 §2.1): its `statusPurpose`, a `statusListIndex` (a non-negative integer as a string), the
 * URL of its `statusListCredential`, and a `statusSize` of 1 or more when present.
 */
function statusErrors(path: string, value: unknown): PropertyError[] {
  const entry = asObject(value);
  if (!entry) return [{ path, message: 'must be an object with a type' }];
  const errors: PropertyError[] = [];
  if (!hasType(entry)) errors.push({ path: `${path}.type`, message: 'is required' });
  if (entry.id !== undefined && !isUrl(entry.id))
    errors.push({ path: `${path}.id`, message: 'must be a URL when present' });
  if (!asList(entry.type).includes('BitstringStatusListEntry')) return errors;
  if (typeof entry.statusPurpose !== 'string' || entry.statusPurpose === '')
    errors.push({ path: `${path}.statusPurpose`, message: 'is required for a BitstringStatusListEntry' });
  if (typeof entry.statusListIndex !== 'string' || !/^\d+$/.test(entry.statusListIndex))
    errors.push({ path: `${path}.statusListIndex`, message: 'must be a non-negative integer as a string' });
  if (!isUrl(entry.statusListCredential))
    errors.push({ path: `${path}.statusListCredential`, message: 'must be the URL of the status list' });
  const size = entry.statusSize;
  if (size !== undefined && !(typeof size === 'number' && Number.isInteger(size) && size >= 1))
    errors.push({ path: `${path}.statusSize`, message: 'must be a whole number of 1 or more' });
  return errors;
}

/**
 * What a credential about to be issued breaks of what VC Data Model 2.0 requires of its optional
 * properties: each `credentialStatus` (§4.10, see statusErrors), each `credentialSchema` an object with a
 * `type` and a URL `id` (§4.11), each `refreshService` an object with a `type` (§5.4), and each
 * `relatedResource` well formed, its digest matching when this service holds the resource (§5.3, see
 * relatedResourceErrors). None when it is well formed.
 * @example await credentialPropertyErrors({ refreshService: { url: 'https://x' } }, publishedBy(deps.urls)) // [{ path: 'refreshService.type', message: 'is required' }]
 */
export async function credentialPropertyErrors(
  credential: JsonObject,
  published: PublishedResources,
): Promise<PropertyError[]> {
  const errors = entriesOf(credential, 'credentialStatus').flatMap(({ path, entry }) =>
    statusErrors(path, entry),
  );
  for (const { path, entry } of entriesOf(credential, 'credentialSchema')) {
    const schema = asObject(entry);
    if (!schema) errors.push({ path, message: 'must be an object with an id and a type' });
    else {
      if (!isUrl(schema.id)) errors.push({ path: `${path}.id`, message: 'must be the URL of the schema' });
      if (!hasType(schema)) errors.push({ path: `${path}.type`, message: 'is required' });
    }
  }
  for (const { path, entry } of entriesOf(credential, 'refreshService')) {
    const service = asObject(entry);
    if (!service) errors.push({ path, message: 'must be an object with a type' });
    else if (!hasType(service)) errors.push({ path: `${path}.type`, message: 'is required' });
  }
  errors.push(...(await relatedResourceErrors(credential, published)).errors);
  return errors;
}
