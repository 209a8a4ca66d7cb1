/** Row types of the learner tables (migrations 0002, 0011, 0012), as Kysely sees them. JSON columns hold text. */
export interface LearnerTables {
  learner: {
    id: string;
    /** The `sub` of the learner's tokens; null once erased. */
    subject: string | null;
    name: string | null;
    email: string | null;
    status: 'active' | 'erased';
    created_at: string;
    updated_at: string;
    erased_at: string | null;
    /** The DID the learner proved to hold (migration 0011): the subject of what is issued to them. */
    did: string | null;
  };
  learner_profile: {
    learner_id: string;
    /** The profile as JSON: the six bouwstenen and the accommodations. */
    content: string;
    created_at: string;
    updated_at: string;
  };
  learner_evidence: {
    id: string;
    learner_id: string;
    kind: string;
    title: string;
    issuer: string;
    issued_on: string;
    level: string | null;
    description: string | null;
    /** JSON: `{ url }` or `{ sha256 }`. */
    document: string | null;
    verified: number;
    /** The institution that verified it. */
    verified_by: string | null;
    verified_at: string | null;
    /** `learner`, or `institution:<id>` when an opleider added it. */
    added_by: string;
    created_at: string;
    updated_at: string;
  };
  learner_evidence_competency: { evidence_id: string; competency_uri: string; position: number };
  learner_grant: {
    id: string;
    learner_id: string;
    grantee_kind: 'institution' | 'employer';
    grantee_id: string;
    /** JSON array of scopes: `profile`, `evidence`. */
    scope: string;
    purpose: string | null;
    until: string | null;
    created_at: string;
    withdrawn_at: string | null;
  };
  /** A nonce the learner signs with their DID's key to register it (migration 0012): used once, expires. */
  learner_did_nonce: {
    nonce: string;
    learner_id: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
    /** The request that used it. */
    used_by: string | null;
  };
}
