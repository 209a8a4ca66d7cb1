-- Workplace sign-off (rule 5): which praktijkopleiders are assigned to a route, and their sign-offs of
-- learning outcomes. A sign-off is never changed or deleted: a correction is a new row that supersedes
-- an earlier one (at most one correction per sign-off), with a reason.
CREATE TABLE route_assessor (
  route_id TEXT NOT NULL REFERENCES route (id),
  assessor_id TEXT NOT NULL REFERENCES assessor (id),
  assigned_by TEXT NOT NULL,
  assigned_at TEXT NOT NULL,
  PRIMARY KEY (route_id, assessor_id)
);

CREATE TABLE signoff (
  id TEXT PRIMARY KEY,
  route_id TEXT NOT NULL REFERENCES route (id),
  outcome_id TEXT NOT NULL REFERENCES learning_outcome (id),
  module_id TEXT NOT NULL REFERENCES module (id),
  module_version INTEGER NOT NULL,
  assessor_id TEXT NOT NULL REFERENCES assessor (id),
  result TEXT NOT NULL CHECK (result IN ('passed', 'not-yet')),
  date TEXT NOT NULL,
  evidence TEXT NOT NULL,
  accommodations TEXT NOT NULL,
  supersedes TEXT UNIQUE REFERENCES signoff (id),
  reason TEXT,
  -- A hash of what was signed (outcome, assessor, result, date, evidence, accommodations, correction):
  -- a retried identical sign-off finds the first one instead of recording a second.
  fingerprint TEXT NOT NULL,
  recorded_by TEXT NOT NULL,
  recorded_at TEXT NOT NULL,
  UNIQUE (route_id, fingerprint),
  CHECK (supersedes IS NULL OR reason IS NOT NULL)
);
CREATE INDEX signoff_by_route ON signoff (route_id, outcome_id);

CREATE TRIGGER signoff_is_immutable
BEFORE UPDATE ON signoff
BEGIN
  SELECT RAISE(ABORT, 'a sign-off is immutable; record a correction that supersedes it');
END;

CREATE TRIGGER signoff_is_kept
BEFORE DELETE ON signoff
BEGIN
  SELECT RAISE(ABORT, 'a sign-off is never deleted; record a correction that supersedes it');
END;
