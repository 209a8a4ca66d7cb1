/** Row types of the issuance job tables (migrations 0018 and 0020), as Kysely sees them. */
export interface JobTables {
  issuance_job: {
    id: string;
    kind: 'owed-credentials';
    state: 'running' | 'done';
    /** Credentials owed when the job began. */
    total: number;
    started_at: string;
    finished_at: string | null;
  };
  issuance_job_item: {
    job_id: string;
    route_id: string;
    /** Credentials the route owed when the job began. */
    owed: number;
    state: 'pending' | 'done' | 'failed';
    issued: number;
    error: string | null;
  };
  reissue_job: {
    id: string;
    institution_id: string;
    /** JSON array of the retired keys (publicKeyMultibase) whose proofs the job replaces. */
    keys: string;
    state: 'running' | 'done';
    /** Credentials to reissue when the job began. */
    total: number;
    started_by: string;
    started_at: string;
    finished_at: string | null;
  };
  reissue_job_item: {
    job_id: string;
    credential_id: string;
    /** 0: signed by a retired key; 1: a ClrCredential, reissued after what it embeds. */
    phase: number;
    state: 'pending' | 'done' | 'failed';
    /** The document the reissue replaced; null while pending, or when nothing needed replacing. */
    previous_document: string | null;
    /** When the new proof was made (its signer's clock); null while pending or when nothing was replaced. */
    reissued_at: string | null;
    error: string | null;
  };
}
