-- Holder binding: the DID a learner proved to hold (did:key or did:jwk). Credentials issued to them name
-- it as credentialSubject.id, and a presentation counts for them only when its proof is by this DID.
-- One learner per DID; erasure clears it.
ALTER TABLE learner ADD COLUMN did TEXT;
CREATE UNIQUE INDEX learner_by_did ON learner (did) WHERE did IS NOT NULL;
