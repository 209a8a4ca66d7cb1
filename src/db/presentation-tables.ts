/**
 * Row types of what learners present to instellingen (migration 0012), as Kysely sees them: the
 * challenges an instelling issued, and the credentials it verified as a learner's.
 */
export interface PresentationTables {
  presentation_request: {
    id: string;
    /** The instelling that asks, and verifies the answer. */
    institution_id: string;
    learner_id: string;
    challenge: string;
    /** The public URL of this service: the presentation's proof must be for it. */
    domain: string;
    created_at: string;
    /** `role:sub` of who asked for it. */
    created_by: string;
    expires_at: string;
    answered_at: string | null;
    /** The request that answered it: a challenge is answered once. */
    answered_by: string | null;
  };
  learner_credential: {
    id: string;
    learner_id: string;
    /** The instelling that verified it, and plans with it. */
    institution_id: string;
    /** The credential's own `id`. */
    credential_id: string;
    /** The row of the ClrCredential that embeds it; null for a presented credential. */
    part_of: string | null;
    issuer_did: string;
    /** Its achievement's name, as evidence is cited. */
    title: string;
    /** The education level an award (a ClrCredential) certifies. */
    level: string | null;
    /** JSON array: the competency URIs its achievement is aligned to. */
    competencies: string;
    /** JSON: the credential as presented. */
    document: string;
    presentation_request_id: string;
    verified_at: string;
  };
}
