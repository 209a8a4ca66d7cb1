/** Row types of the credential tables (migration 0005), as Kysely sees them. JSON columns hold text. */
export interface CredentialTables {
  issuer_key: {
    id: string;
    institution_id: string;
    public_key_multibase: string;
    /** `v1.<iv>.<ciphertext>` (base64url), AES-256-GCM under the key-encryption key. */
    encrypted_secret: string;
    created_at: string;
    retired_at: string | null;
    /** When it was marked compromised (migration 0017): no proof by it verifies any more. */
    compromised_at: string | null;
  };
  credential: {
    /** The credential's own id, e.g. `urn:uuid:…`. */
    id: string;
    institution_id: string;
    learner_id: string | null;
    route_id: string | null;
    module_id: string | null;
    document: string;
    issued_at: string;
    status_list_id: string | null;
    status_list_index: number | null;
    revoked_at: string | null;
    suspended_at: string | null;
  };
}
