import type { Publications } from '../kernel/ports.js';
import { didKeyHolder, issuerKeys } from './issuer-keys.js';
import { signedStatusList } from './status-lists.js';

/**
 * What this service publishes as an issuer, as verification reads it (`deps.published`): the keys,
 * did:key holders and signed status lists this feature owns.
 * @example const deps = { ...base, published: publications }; await deps.published.statusList(deps, listId)
 */
export const publications: Publications = {
  issuerKeys,
  didKeyHolder,
  statusList: signedStatusList,
};
