/** Row types of the recognition table (migration 0008), as Kysely sees them. */
export interface RecognitionTables {
  recognition: {
    id: string;
    /** The instelling that trusts. */
    institution_id: string;
    /** The trusted instelling of this service, or null when the issuer is named by DID. */
    issuer_institution_id: string | null;
    /** The trusted issuer's DID when it is not one of our instellingen, else null. */
    issuer_did: string | null;
    created_at: string;
    /** `role:sub` of who added it. */
    created_by: string;
  };
}
