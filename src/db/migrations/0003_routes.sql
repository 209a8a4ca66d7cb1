-- Individual learning routes (leerwerktrajecten). Every change is a new, immutable version that keeps
-- the inputs it was planned from and the plan itself; approvals belong to one version.
CREATE TABLE route (
  id TEXT PRIMARY KEY,
  learner_id TEXT NOT NULL REFERENCES learner (id),
  institution_id TEXT NOT NULL REFERENCES institution (id),
  employer_id TEXT NOT NULL REFERENCES employer (id),
  role_id TEXT NOT NULL REFERENCES role (id),
  qualification_id TEXT REFERENCES qualification (id),
  status TEXT NOT NULL CHECK (status IN ('draft', 'agreed', 'active', 'paused', 'completed')),
  current_version INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX route_by_learner ON route (learner_id);
CREATE INDEX route_by_institution ON route (institution_id);
CREATE INDEX route_by_employer ON route (employer_id);

CREATE TABLE route_version (
  route_id TEXT NOT NULL REFERENCES route (id),
  version INTEGER NOT NULL,
  role_id TEXT NOT NULL,
  qualification_id TEXT,
  inputs TEXT NOT NULL,
  outcome TEXT NOT NULL,
  change TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (route_id, version)
);

CREATE TABLE route_approval (
  route_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  party TEXT NOT NULL CHECK (party IN ('opleider', 'praktijkopleider', 'learner')),
  approved_by TEXT NOT NULL,
  approved_at TEXT NOT NULL,
  PRIMARY KEY (route_id, version, party),
  FOREIGN KEY (route_id, version) REFERENCES route_version (route_id, version)
);

CREATE TRIGGER route_version_is_immutable
BEFORE UPDATE ON route_version
BEGIN
  SELECT RAISE(ABORT, 'a route version is immutable');
END;
