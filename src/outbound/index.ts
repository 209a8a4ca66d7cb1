/**
 * Outbound fetches: the one guarded way this service reads what other parties publish (their DID
 * documents and status lists). Runtime-neutral; the Node transport (node-transport.ts) is imported by
 * the Node entry itself, so that the Workers bundle never pulls in undici.
 */
export { blockedRange, isLoopbackHost } from './address-ranges.js';
export { guardedFetcher, OutboundError, type Transport } from './guarded-fetch.js';
