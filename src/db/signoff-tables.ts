/** Row types of the sign-off tables (migration 0006). `evidence` and `accommodations` hold JSON. */
export interface SignoffTables {
  route_assessor: {
    route_id: string;
    assessor_id: string;
    assigned_by: string;
    assigned_at: string;
  };
  signoff: {
    id: string;
    route_id: string;
    outcome_id: string;
    module_id: string;
    module_version: number;
    assessor_id: string;
    result: 'passed' | 'not-yet';
    date: string;
    evidence: string;
    accommodations: string;
    supersedes: string | null;
    reason: string | null;
    fingerprint: string;
    recorded_by: string;
    recorded_at: string;
  };
}
