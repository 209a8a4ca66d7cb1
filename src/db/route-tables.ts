/** Row types of the route tables (migration 0003). `inputs`, `outcome` and `change` hold JSON. */
export interface RouteTables {
  route: {
    id: string;
    learner_id: string;
    institution_id: string;
    employer_id: string;
    role_id: string;
    qualification_id: string | null;
    status: 'draft' | 'agreed' | 'active' | 'paused' | 'completed';
    current_version: number;
    created_at: string;
    updated_at: string;
  };
  route_version: {
    route_id: string;
    version: number;
    role_id: string;
    qualification_id: string | null;
    inputs: string;
    outcome: string;
    change: string;
    created_at: string;
  };
  route_approval: {
    route_id: string;
    version: number;
    party: 'opleider' | 'praktijkopleider' | 'learner';
    approved_by: string;
    approved_at: string;
  };
}
