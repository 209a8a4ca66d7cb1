import type { JsonObject } from './vc-library.js';

/**
 * A JSON value as an object, if it is one (not null, not an array): how credential fields of
 * unknown shape are read.
 * @example asObject(credential.issuer)?.id
 */
export const asObject = (value: unknown): JsonObject | undefined =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : undefined;

/**
 * A JSON-LD value as a list: absent is none, one value is a list of one (JSON-LD allows either).
 * @example asList(credential.proof).length
 */
export const asList = (value: unknown): unknown[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
