/** Row types of the issuance job tables (migration 0018), as Kysely sees them. */
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
}
