-- What a learner proved counts at the next instelling (issue 9).

-- Holder binding: a nonce the learner signs with the key of the DID they register, proving they hold it.
-- Used once (`used_by` is the request that used it), and only until it expires.
CREATE TABLE learner_did_nonce (
  nonce TEXT PRIMARY KEY,
  learner_id TEXT NOT NULL REFERENCES learner (id),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  used_by TEXT
);
CREATE INDEX learner_did_nonce_by_learner ON learner_did_nonce (learner_id);

-- A challenge an instelling issued for one learner's verifiable presentation: answered once (`answered_by`
-- is the request that answered it), for the instelling's own domain, only until it expires.
CREATE TABLE presentation_request (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institution (id),
  learner_id TEXT NOT NULL REFERENCES learner (id),
  challenge TEXT NOT NULL UNIQUE,
  domain TEXT NOT NULL,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  answered_at TEXT,
  answered_by TEXT
);
CREATE INDEX presentation_request_by_learner ON presentation_request (learner_id);

-- A credential an instelling verified as a learner's: presented by the learner's DID, signed, its issuer
-- trusted by the instelling and its status active when presented. The credentials a ClrCredential embeds
-- are rows of their own, `part_of` the award's row. `competencies` is the JSON array of the competency URIs
-- its achievement is aligned to; `level` the education level an award certifies.
CREATE TABLE learner_credential (
  id TEXT PRIMARY KEY,
  learner_id TEXT NOT NULL REFERENCES learner (id),
  institution_id TEXT NOT NULL REFERENCES institution (id),
  credential_id TEXT NOT NULL,
  part_of TEXT REFERENCES learner_credential (id),
  issuer_did TEXT NOT NULL,
  title TEXT NOT NULL,
  level TEXT,
  competencies TEXT NOT NULL,
  document TEXT NOT NULL,
  presentation_request_id TEXT NOT NULL REFERENCES presentation_request (id),
  verified_at TEXT NOT NULL
);
CREATE UNIQUE INDEX learner_credential_presented ON learner_credential (learner_id, institution_id, credential_id)
  WHERE part_of IS NULL;
CREATE INDEX learner_credential_parts ON learner_credential (part_of);
