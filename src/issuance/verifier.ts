import { PUBLISHED_SCHEMAS } from '../../schemas/credentials.js';
import {
  checkCredentialStatus,
  isVcJwt,
  type JsonObject,
  type JsonSchema,
  type StatusListSource,
  type VerificationResult,
  type VerifiedLists,
  type Verifier,
  verifyCredential,
  verifyVcJwt,
} from '../credentials/index.js';
import type { Database } from '../db/database.js';
import { documentLoaderOf, issuerKeysOf } from './did-resolution.js';
import type { KeyDeps } from './issuer-keys.js';
import { signedStatusList } from './status-lists.js';

// Status lists verified and decoded, per database (see checkCredentialStatus).
const verifiedLists = new WeakMap<Database, VerifiedLists>();

function verifiedListsOf(db: Database): VerifiedLists {
  let lists = verifiedLists.get(db);
  if (!lists) {
    lists = new Map();
    verifiedLists.set(db, lists);
  }
  return lists;
}

/**
 * The verifier of this deployment: the library's checks with our bundled contexts and DIDs, the DID
 * documents pinned with recognitions, our status lists from the database (a list is itself verified
 * the same way) and the schemas we publish. Nothing is fetched over the network.
 * @example const { verified } = await verifyCredential(verifierOf(deps), credential);
 */
export function verifierOf(deps: KeyDeps): Verifier {
  const statusLists: StatusListSource = {
    async listAt(url) {
      const listId = deps.urls.statusListIdOf(url);
      if (listId === undefined)
        return { unavailable: 'it is not published by this service, and status lists are never fetched' };
      const list = await signedStatusList(deps, listId);
      return list ? { list } : { unavailable: 'there is no such list' };
    },
    verifyList: (list) => verifyCredential(verifier, list),
    verified: verifiedListsOf(deps.db),
    now: deps.now,
  };
  const verifier: Verifier = {
    documentLoader: documentLoaderOf(deps),
    issuerKeys: (did) => issuerKeysOf(deps, did),
    checkStatus: (credential) => checkCredentialStatus(statusLists, credential),
    schemaAt(url) {
      const name = deps.urls.schemaNameOf(url);
      return name === undefined ? undefined : (PUBLISHED_SCHEMAS[name] as JsonSchema | undefined);
    },
    now: deps.now,
  };
  return verifier;
}

/**
 * Verifies a credential in whichever securing it comes: a VC-JWT (compact or enveloped) or a Data
 * Integrity proof.
 * @example const { verified, checks } = await verifySecured(deps, req.verifiableCredential)
 */
export function verifySecured(deps: KeyDeps, secured: string | JsonObject): Promise<VerificationResult> {
  return isVcJwt(secured)
    ? verifyVcJwt(verifierOf(deps), secured)
    : verifyCredential(verifierOf(deps), secured);
}
