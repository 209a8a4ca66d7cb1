/** Row types of the pages' sign-in, sessions and share links (migration 0015), as Kysely sees them. */
export interface WebTables {
  /** A sign-in under way, until the provider sends the browser back. */
  web_sign_in: {
    state: string;
    code_verifier: string;
    nonce: string;
    return_to: string;
    created_at: string;
    expires_at: string;
  };
  /** A signed-in browser: the SHA-256 of its cookie's token, and who it is. */
  web_session: {
    token_hash: string;
    /** JSON: the principal (`sub`, `role`, `institution` or `employer`). */
    principal: string;
    name: string | null;
    csrf_token: string;
    created_at: string;
    expires_at: string;
  };
  /** A public link to one credential; withdrawn links answer 404. */
  credential_share: {
    id: string;
    credential_id: string;
    learner_id: string;
    created_at: string;
    withdrawn_at: string | null;
  };
}
