/** Row types of the status list tables (migrations 0007 and 0013), as Kysely sees them. */
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
  };
  status_list_entry: {
    status_list_id: string;
    status_list_index: number;
    /** The credential's own id (`urn:uuid:…`); allocated before the credential row is stored. */
    credential_id: string;
    allocated_at: string;
  };
}
