-- The DID document of an issuer outside this service named by a did:web, pinned with its recognition:
-- DIDs are never fetched at run time, so the document loader resolves such an issuer from here. Stored
-- as the service normalised it (JSON: id, Multikey verification methods, assertionMethod); null for an
-- instelling of this service (its document is ours) and for a did:key (resolved from the key itself).
-- Shared by Node (better-sqlite3) and Workers (D1).
ALTER TABLE recognition ADD COLUMN did_document TEXT
  CHECK (did_document IS NULL OR (issuer_did IS NOT NULL AND json_valid(did_document)));
-- The document loader looks a DID up across every instelling's recognitions (the unique index on
-- (institution_id, issuer_did) cannot serve a lookup by issuer_did alone).
CREATE INDEX recognition_by_issuer_did ON recognition (issuer_did);
