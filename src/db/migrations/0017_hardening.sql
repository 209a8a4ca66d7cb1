-- Issue 13, hardening.
-- An issuer key marked compromised: every proof by it fails, whatever its `created`, and the DID
-- document lists it as `revoked` and no longer as an assertion method. Set once, never cleared.
ALTER TABLE issuer_key ADD COLUMN compromised_at TEXT;

-- Idempotency keys expire (24 hours) and a key whose request died is released: both are found by age.
CREATE INDEX idempotency_key_by_age ON idempotency_key (created_at);

-- Route versions and sign-offs stay immutable, except for what erasing their learner (AVG art. 17)
-- pseudonymises: the JSON of a version (accommodations, the learner's texts), and a sign-off's evidence
-- and accommodations, once the route's learner is erased. Everything else, and every other update, is
-- still refused.
DROP TRIGGER route_version_is_immutable;
CREATE TRIGGER route_version_is_immutable
BEFORE UPDATE ON route_version
WHEN NOT (
  NEW.route_id = OLD.route_id AND NEW.version = OLD.version AND NEW.role_id = OLD.role_id
  AND NEW.qualification_id IS OLD.qualification_id AND NEW.created_at = OLD.created_at
  AND EXISTS (
    SELECT 1 FROM route r JOIN learner l ON l.id = r.learner_id
    WHERE r.id = OLD.route_id AND l.status = 'erased'
  )
)
BEGIN
  SELECT RAISE(ABORT, 'a route version is immutable');
END;

DROP TRIGGER signoff_is_immutable;
CREATE TRIGGER signoff_is_immutable
BEFORE UPDATE ON signoff
WHEN NOT (
  NEW.id = OLD.id AND NEW.route_id = OLD.route_id AND NEW.outcome_id = OLD.outcome_id
  AND NEW.module_id = OLD.module_id AND NEW.module_version = OLD.module_version
  AND NEW.assessor_id = OLD.assessor_id AND NEW.result = OLD.result AND NEW.date = OLD.date
  AND NEW.supersedes IS OLD.supersedes AND NEW.reason IS OLD.reason AND NEW.fingerprint = OLD.fingerprint
  AND NEW.recorded_by = OLD.recorded_by AND NEW.recorded_at = OLD.recorded_at
  AND EXISTS (
    SELECT 1 FROM route r JOIN learner l ON l.id = r.learner_id
    WHERE r.id = OLD.route_id AND l.status = 'erased'
  )
)
BEGIN
  SELECT RAISE(ABORT, 'a sign-off is immutable; record a correction that supersedes it');
END;
