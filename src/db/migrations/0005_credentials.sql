-- Issuer keys and issued credentials. Shared by Node (better-sqlite3) and Workers (D1).

-- One Ed25519 Multikey per rotation of an instelling's did:web. The secret is encrypted at rest
-- (AES-256-GCM with the key-encryption key); retired keys stay so earlier credentials keep verifying.
CREATE TABLE issuer_key (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institution (id),
  public_key_multibase TEXT NOT NULL UNIQUE,
  encrypted_secret TEXT NOT NULL,
  created_at TEXT NOT NULL,
  retired_at TEXT
);
CREATE INDEX issuer_key_by_institution ON issuer_key (institution_id);
-- At most one active (signing) key per institution.
CREATE UNIQUE INDEX issuer_key_active ON issuer_key (institution_id) WHERE retired_at IS NULL;

-- Every credential the service signed, as the exact JSON it handed out.
CREATE TABLE credential (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institution (id),
  learner_id TEXT REFERENCES learner (id),
  route_id TEXT REFERENCES route (id),
  module_id TEXT REFERENCES module (id),
  document TEXT NOT NULL,
  issued_at TEXT NOT NULL,
  -- Bitstring Status List position and state, filled in once status lists exist.
  status_list_id TEXT,
  status_list_index INTEGER,
  revoked_at TEXT,
  suspended_at TEXT,
  UNIQUE (route_id, module_id),
  UNIQUE (status_list_id, status_list_index)
);
CREATE INDEX credential_by_institution ON credential (institution_id);
CREATE INDEX credential_by_learner ON credential (learner_id);
