-- Learners and what they own: the Persoonlijk Profiel, evidence items and consent grants.
-- Shared by Node (better-sqlite3) and Workers (D1). An erased learner keeps only a row without personal
-- fields (status 'erased'), so that audit events and later records can still point at the id.
CREATE TABLE learner (
  id TEXT PRIMARY KEY,
  subject TEXT UNIQUE,
  name TEXT,
  email TEXT,
  status TEXT NOT NULL CHECK (status IN ('active', 'erased')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  erased_at TEXT
);

-- The six bouwstenen and accommodations, as one JSON document owned by the learner.
CREATE TABLE learner_profile (
  learner_id TEXT PRIMARY KEY REFERENCES learner (id),
  content TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE learner_evidence (
  id TEXT PRIMARY KEY,
  learner_id TEXT NOT NULL REFERENCES learner (id),
  kind TEXT NOT NULL CHECK (
    kind IN ('diploma', 'certificate', 'verifiable-credential', 'evc', 'work-experience', 'interview', 'assessment')
  ),
  title TEXT NOT NULL,
  issuer TEXT NOT NULL,
  issued_on TEXT NOT NULL,
  level TEXT,
  description TEXT,
  document TEXT,
  verified INTEGER NOT NULL CHECK (verified IN (0, 1)),
  verified_by TEXT,
  verified_at TEXT,
  added_by TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX learner_evidence_by_learner ON learner_evidence (learner_id);

CREATE TABLE learner_evidence_competency (
  evidence_id TEXT NOT NULL REFERENCES learner_evidence (id),
  competency_uri TEXT NOT NULL REFERENCES competency (uri),
  position INTEGER NOT NULL,
  PRIMARY KEY (evidence_id, competency_uri)
);

-- Consent: which institution or employer may read what, until when; withdrawn grants are kept.
CREATE TABLE learner_grant (
  id TEXT PRIMARY KEY,
  learner_id TEXT NOT NULL REFERENCES learner (id),
  grantee_kind TEXT NOT NULL CHECK (grantee_kind IN ('institution', 'employer')),
  grantee_id TEXT NOT NULL,
  scope TEXT NOT NULL,
  purpose TEXT,
  until TEXT,
  created_at TEXT NOT NULL,
  withdrawn_at TEXT
);
CREATE INDEX learner_grant_by_learner ON learner_grant (learner_id);
CREATE INDEX learner_grant_by_grantee ON learner_grant (grantee_kind, grantee_id, learner_id);
