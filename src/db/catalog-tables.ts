/** Row types of the catalog tables (migration 0001), as Kysely sees them. JSON columns hold text. */
export interface CatalogTables {
  institution: {
    id: string;
    name: string;
    kind: string;
    country: string;
    quality_assurance: string;
    website: string | null;
    created_at: string;
    updated_at: string;
  };
  framework: {
    id: string;
    uri: string;
    title: string;
    kind: string;
    version: string | null;
    institution_id: string | null;
    created_at: string;
  };
  competency: {
    id: string;
    framework_id: string;
    uri: string;
    code: string | null;
    title: string;
    description: string | null;
    level: string | null;
    created_at: string;
  };
  learning_outcome: {
    id: string;
    institution_id: string;
    code: string;
    title: string;
    description: string;
    assessment_method: string;
    requires_examiner: number;
    created_at: string;
    updated_at: string;
  };
  learning_outcome_competency: { outcome_id: string; competency_uri: string; position: number };
  module: {
    id: string;
    institution_id: string;
    code: string;
    latest_version: number;
    published_version: number | null;
    created_at: string;
  };
  module_version: {
    module_id: string;
    version: number;
    status: 'draft' | 'published';
    title: string;
    level: string | null;
    content: string;
    created_at: string;
    published_at: string | null;
  };
  module_version_competency: { module_id: string; version: number; competency_uri: string };
  module_prerequisite: { module_id: string; prerequisite_id: string };
  qualification: {
    id: string;
    institution_id: string;
    code: string;
    title: string;
    level: string;
    entry_level: string;
    legal_minimum: number;
    stack_rule: string;
    created_at: string;
    updated_at: string;
  };
  qualification_competency: { qualification_id: string; competency_uri: string };
  employer: {
    id: string;
    name: string;
    sector: string;
    locations: string;
    created_at: string;
    updated_at: string;
  };
  role: {
    id: string;
    employer_id: string;
    title: string;
    location_id: string | null;
    description: string | null;
    created_at: string;
    updated_at: string;
  };
  role_requirement: {
    role_id: string;
    competency_uri: string;
    priority: 'essential' | 'later';
    note: string | null;
    position: number;
  };
  assessor: {
    id: string;
    employer_id: string;
    name: string;
    email: string;
    subject: string | null;
    qualifications: string;
    created_at: string;
    updated_at: string;
  };
  catalog_revision: { institution_id: string; revision: number };
  audit_event: {
    id: string;
    at: string;
    actor: string;
    action: string;
    resource_type: string;
    resource_id: string;
    detail: string | null;
  };
  idempotency_key: {
    principal: string;
    key: string;
    request_hash: string;
    status: number | null;
    response: string | null;
    created_at: string;
  };
}
