/**
 * Row types of the wallet tables (migration 0014), as Kysely sees them: credential offers and what was
 * picked up with OpenID4VCI, the issuers' nonces, and the OpenID4VP requests of instellingen.
 */
export interface WalletTables {
  credential_offer: {
    id: string;
    /** The instelling whose credential issuer makes the offer (and issued what it offers). */
    institution_id: string;
    learner_id: string;
    /** The credential format every credential of the offer is picked up in. */
    format: 'ldp_vc' | 'jwt_vc_json';
    /** The pre-authorized code: short-lived, single use, served again at the offer's URI while open. */
    pre_authorized_code: string;
    /** The transaction code, delivered apart from the offer. */
    tx_code: string;
    /** Wrong transaction codes tried so far. */
    tx_code_failures: number;
    state: 'open' | 'redeemed' | 'withdrawn' | 'burned';
    created_at: string;
    /** `role:sub` of who made the offer. */
    created_by: string;
    expires_at: string;
    /** When it was redeemed, withdrawn or burned. */
    closed_at: string | null;
    /** SHA-256 (hex) of the access token the redeeming token request got. */
    access_token_hash: string | null;
    access_token_expires_at: string | null;
  };
  credential_offer_item: {
    /** The `credential_identifier` of this offered credential. */
    id: string;
    offer_id: string;
    position: number;
    source_credential_id: string;
    configuration_id: string;
  };
  credential_pickup: {
    offer_item_id: string;
    /** The new, holder-bound credential. */
    credential_id: string;
    /** The credential it copies. */
    source_credential_id: string;
    holder_did: string;
    picked_up_at: string;
  };
  wallet_nonce: {
    nonce: string;
    institution_id: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
    /** The request that used it: a nonce is used once. */
    used_by: string | null;
  };
  vp_request: {
    /** The id of the presentation request it is. */
    id: string;
    route_id: string;
    /** The OpenID4VP `state`: the response names it. */
    state: string;
    client_id: string;
    response_uri: string;
    /** JSON: the DCQL query. */
    dcql_query: string;
    /** The signed request object (a compact JWT), served at the request URI. */
    request_object: string;
  };
}
