-- Status lists that fill up get a successor, and an instelling that issues under a did:key gets lists of its
-- own for it (issue 12). Shared by Node (better-sqlite3) and Workers (D1).
--
-- `allocated` counts the entries a list has given out (kept in step by the issuing transaction); a list takes
-- new entries until half of them are taken (src/issuance/status-lists.ts), then a successor is made with
-- `predecessor_id` naming it: at most one successor per list (UNIQUE), and at most one first list per
-- instelling, purpose and issuer (the partial index). A full list stays: it is still published and changed
-- for the credentials on it. `issuer_key` is the public key (Multikey) whose did:key the list and its
-- credentials are issued under; NULL for the instelling's did:web.
--
-- SQLite cannot drop a table constraint (the UNIQUE (institution_id, purpose) of 0013), so the table is
-- rebuilt; status_list_entry's foreign key to it is checked at commit, when the rebuilt table holds every list.
PRAGMA defer_foreign_keys = ON;

CREATE TABLE status_list_0016 (
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
  issuer_key TEXT REFERENCES issuer_key (public_key_multibase),
  predecessor_id TEXT UNIQUE,
  allocated INTEGER NOT NULL DEFAULT 0 CHECK (allocated >= 0)
);

INSERT INTO status_list_0016
  (id, institution_id, purpose, status_size, length, version, created_at, signed_document, signed_version,
   issuer_key, predecessor_id, allocated)
SELECT l.id, l.institution_id, l.purpose, l.status_size, l.length, l.version, l.created_at, l.signed_document,
  l.signed_version, NULL, NULL, (SELECT COUNT(*) FROM status_list_entry e WHERE e.status_list_id = l.id)
FROM status_list l;

DROP TABLE status_list;
ALTER TABLE status_list_0016 RENAME TO status_list;

CREATE UNIQUE INDEX status_list_first ON status_list (institution_id, purpose, COALESCE(issuer_key, ''))
  WHERE predecessor_id IS NULL;

PRAGMA defer_foreign_keys = OFF;
