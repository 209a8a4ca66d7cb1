-- Issue 11: the pages' sign-in (OpenID Connect) and a learner's public share links. Shared by Node
-- (better-sqlite3) and Workers (D1).

-- A sign-in under way: what the browser must bring back to /auth/callback. The state is also kept in a
-- cookie of the browser that started it, so a callback from another browser is refused.
CREATE TABLE web_sign_in (
  state TEXT PRIMARY KEY,
  code_verifier TEXT NOT NULL,
  nonce TEXT NOT NULL,
  -- The page to return to (a path of ours).
  return_to TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);

-- A signed-in browser. The cookie holds a random token; only its SHA-256 is kept here, so the table
-- alone signs nobody in. `principal` is the JSON of the claims the API's bearer tokens carry.
CREATE TABLE web_session (
  token_hash TEXT PRIMARY KEY,
  principal TEXT NOT NULL,
  name TEXT,
  -- The token every form of this session carries (CSRF).
  csrf_token TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL
);
CREATE INDEX web_session_by_expiry ON web_session (expires_at);

-- A public link to one credential, made and withdrawn by the learner it was issued to. The id is the
-- unguessable part of the link.
CREATE TABLE credential_share (
  id TEXT PRIMARY KEY,
  credential_id TEXT NOT NULL REFERENCES credential (id),
  learner_id TEXT NOT NULL REFERENCES learner (id),
  created_at TEXT NOT NULL,
  withdrawn_at TEXT
);
CREATE INDEX credential_share_by_credential ON credential_share (credential_id);
