/** Row types of the status list tables (migration 0007), as Kysely sees them. */
export interface StatusListTables {
  status_list: {
    id: string;
    institution_id: string;
    purpose: 'revocation' | 'suspension';
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
