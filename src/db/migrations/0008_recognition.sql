-- Which issuers an instelling trusts for stacking: another instelling of this service (by slug) or
-- any other issuer (by DID). An instelling always trusts itself; that needs no row.
CREATE TABLE recognition (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institution (id),
  issuer_institution_id TEXT REFERENCES institution (id),
  issuer_did TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  CHECK ((issuer_institution_id IS NULL) <> (issuer_did IS NULL)),
  UNIQUE (institution_id, issuer_institution_id),
  UNIQUE (institution_id, issuer_did)
);
CREATE INDEX recognition_by_issuer_institution ON recognition (issuer_institution_id);
