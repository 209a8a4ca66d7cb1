/**
 * Row types of the stacking tables, as Kysely sees them: recognition (migrations 0008 and 0010) and
 * award (migration 0009).
 */
export interface RecognitionTables {
  recognition: {
    id: string;
    /** The instelling that trusts. */
    institution_id: string;
    /** The trusted instelling of this service, or null when the issuer is named by DID. */
    issuer_institution_id: string | null;
    /** The trusted issuer's DID when it is not one of our instellingen, else null. */
    issuer_did: string | null;
    /**
     * The pinned DID document (JSON, as normalised when pinned) of an external did:web issuer; null for
     * an instelling here and for a did:key. Migration 0010.
     */
    did_document: string | null;
    created_at: string;
    /** `role:sub` of who added it. */
    created_by: string;
  };
  award: {
    /** The ClrCredential that awards the qualification. */
    credential_id: string;
    /** The awarding instelling: the qualification's. */
    institution_id: string;
    qualification_id: string;
    learner_id: string;
    awarded_at: string;
    /** When a later award replaced this one after its credential was revoked; null while it stands. */
    retired_at: string | null;
  };
}
