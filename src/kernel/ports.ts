import type { IssuerKeyInfo } from '../credentials/did-document.js';
import type { ProofWork } from '../credentials/proof-work.js';
import type { SignedCredential } from '../credentials/sign.js';
import type { Database } from '../db/database.js';
import type { Logger } from './logger.js';
import type { Metrics } from './metrics.js';
import type { PublicUrls } from './urls.js';

/**
 * What domain code may be given by its runtime, as one object; each function asks only for the
 * parts it uses (`Pick<Deps, 'db' | 'now'>`), so what it can reach is visible in its signature.
 */
export interface Deps {
  db: Database;
  /** The clock; tests pass a fixed one. */
  now: () => Date;
  newId: () => string;
  urls: PublicUrls;
  log: Logger;
  /** 32 bytes, base64: encrypts issuer private keys at rest (AES-256-GCM). Only issuance reads it. */
  keyEncryptionKey: string;
  /** The guarded outbound fetcher (src/outbound): the only way to read what other parties publish. */
  fetchJson: FetchJson;
  /** The wallet protocols' settings (src/runtime/config.ts); their defaults when absent. */
  wallet?: WalletSettings;
  /**
   * Where Data Integrity signing and verifying run: Node's pool of threads (PROOF_THREADS); on this
   * thread when absent (Workers, tests).
   */
  proofWork?: ProofWork;
  /** Request and credential counters (Prometheus text on Node); absent: not counted. */
  metrics?: Metrics;
  /** What this service publishes as an issuer, for verification to read as it reads anyone's. */
  published: Publications;
}

/**
 * What this service publishes as an issuer, read from its own database where another issuer's would be
 * fetched: the keys of an instelling's did:web, whose a did:key of ours is, and a signed status list.
 * Verification is given it (src/issuance provides it, `publications`), so verifying never reaches up
 * into the feature that issues, as @digitalbazaar/vc is given its document loader.
 */
export interface Publications {
  /** Every key the instelling has had, oldest first, public parts only. */
  issuerKeys(deps: Pick<Deps, 'db' | 'urls'>, institutionId: string): Promise<IssuerKeyInfo[]>;
  /** Which instelling's issuer key a did:key is, and whether it is retired; undefined when not ours. */
  didKeyHolder(
    deps: Pick<Deps, 'db'>,
    did: string,
  ): Promise<{ institutionId: string; publicKeyMultibase: string; retiredAt: string | null } | undefined>;
  /** A list's signed BitstringStatusListCredential (signed again when its bits changed); undefined when unknown. */
  statusList(
    deps: Pick<Deps, 'db' | 'now' | 'newId' | 'urls' | 'keyEncryptionKey' | 'proofWork' | 'metrics'>,
    listId: string,
  ): Promise<SignedCredential | undefined>;
}

/** How long credential offers and OpenID4VP requests live, and how many wrong transaction codes an offer takes. */
export interface WalletSettings {
  offerSeconds: number;
  requestSeconds: number;
  txCodeAttempts: number;
}

/** The wallet settings when nothing is set: ten minutes, three wrong codes. */
export const DEFAULT_WALLET_SETTINGS: WalletSettings = {
  offerSeconds: 600,
  requestSeconds: 600,
  txCodeAttempts: 3,
};

/**
 * Fetches a JSON document another party publishes (a DID document, a status list): over HTTPS, with a
 * timeout and a size cap, no redirects, never to an internal address. Throws naming the URL and why.
 */
export type FetchJson = (url: string, options: { accept: string; maxBytes?: number }) => Promise<unknown>;

/** Reads and writes the database. */
export type DbDeps = Pick<Deps, 'db'>;
/** Writes rows that carry a time and a new id, with their audit event. */
export type WriteDeps = Pick<Deps, 'db' | 'now' | 'newId'>;

/**
 * The calendar day of a clock, `YYYY-MM-DD` (UTC), which dates in requests are compared with.
 * @example today({ now: () => new Date('2026-11-22T09:00:00Z') }) // '2026-11-22'
 */
export const today = (deps: Pick<Deps, 'now'>): string => deps.now().toISOString().slice(0, 10);
