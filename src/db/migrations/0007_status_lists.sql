-- Bitstring Status Lists (W3C): per instelling one list per purpose, published at /status-lists/{id}.
-- Shared by Node (better-sqlite3) and Workers (D1).

-- A list's bits are derived from its entries and the credentials' revoked_at / suspended_at; `version`
-- goes up with every change, and the signed BitstringStatusListCredential is cached per version.
CREATE TABLE status_list (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institution (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('revocation', 'suspension')),
  length INTEGER NOT NULL CHECK (length >= 131072),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  -- The signed list credential for `signed_version` (stale once `version` is higher).
  signed_document TEXT,
  signed_version INTEGER,
  UNIQUE (institution_id, purpose)
);

-- Which credential holds which (random) index of a list. The primary key is what makes two credentials
-- never share an index: an allocation that collides is retried at another random index.
CREATE TABLE status_list_entry (
  status_list_id TEXT NOT NULL REFERENCES status_list (id),
  status_list_index INTEGER NOT NULL CHECK (status_list_index >= 0),
  credential_id TEXT NOT NULL,
  allocated_at TEXT NOT NULL,
  PRIMARY KEY (status_list_id, status_list_index),
  UNIQUE (credential_id, status_list_id)
);
CREATE INDEX status_list_entry_by_credential ON status_list_entry (credential_id);
