-- One status entry per credential (issue 9): credentials issued from now on carry one BitstringStatusListEntry
-- with statusPurpose 'message' and statusSize 2 (0 active, 1 suspended, 2 revoked) on one list per instelling,
-- because 1EdTech's OBv3 and CLR schemas allow one credentialStatus. The 1-bit revocation and suspension lists
-- stay for the credentials issued before. `length` counts entries; the bitstring holds length × status_size bits.
-- Shared by Node (better-sqlite3) and Workers (D1).

-- SQLite cannot change a CHECK constraint, so the table is rebuilt. status_list_entry refers to it: its
-- foreign key is checked at commit, when the rebuilt table holds every list again.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE status_list_0013 (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institution (id),
  purpose TEXT NOT NULL CHECK (purpose IN ('revocation', 'suspension', 'message')),
  status_size INTEGER NOT NULL CHECK (status_size = CASE purpose WHEN 'message' THEN 2 ELSE 1 END),
  length INTEGER NOT NULL CHECK (length >= 131072),
  version INTEGER NOT NULL DEFAULT 1,
  created_at TEXT NOT NULL,
  -- The signed list credential for `signed_version` (stale once `version` is higher).
  signed_document TEXT,
  signed_version INTEGER,
  UNIQUE (institution_id, purpose)
);

INSERT INTO status_list_0013
  (id, institution_id, purpose, status_size, length, version, created_at, signed_document, signed_version)
SELECT id, institution_id, purpose, 1, length, version, created_at, signed_document, signed_version
FROM status_list;

DROP TABLE status_list;
ALTER TABLE status_list_0013 RENAME TO status_list;

PRAGMA defer_foreign_keys = OFF;
