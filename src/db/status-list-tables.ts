/** Row types of the status list tables (migrations 0007, 0013 and 0016), as Kysely sees them. */
export interface StatusListTables {
  status_list: {
    id: string;
    institution_id: string;
    /** `message` for the list of credentials issued since issue 9; the 1-bit purposes for those before. */
    purpose: 'revocation' | 'suspension' | 'message';
    /** Bits per entry: 2 for `message`, 1 otherwise (migration 0013). */
    status_size: number;
    /** The number of entries (the bitstring holds length × status_size bits). */
    length: number;
    version: number;
    created_at: string;
    /** The signed BitstringStatusListCredential of `signed_version`, as JSON text. */
    signed_document: string | null;
    signed_version: number | null;
    /** The issuer key (public Multikey) whose did:key the list is issued under; null: the instelling's did:web. */
    issuer_key: string | null;
    /** The list this one succeeds because that one filled up; null for a first list (migration 0016). */
    predecessor_id: string | null;
    /** How many entries the list has given out. */
    allocated: number;
  };
  status_list_entry: {
    status_list_id: string;
    status_list_index: number;
    /** The credential's own id (`urn:uuid:…`); allocated before the credential row is stored. */
    credential_id: string;
    allocated_at: string;
  };
}
