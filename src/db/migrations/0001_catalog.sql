-- The curriculum catalog and what workplaces need. Shared by Node (better-sqlite3) and Workers (D1).
CREATE TABLE institution (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  kind TEXT NOT NULL,
  country TEXT NOT NULL,
  quality_assurance TEXT NOT NULL,
  website TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE framework (
  id TEXT PRIMARY KEY,
  uri TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  kind TEXT NOT NULL,
  version TEXT,
  institution_id TEXT REFERENCES institution (id),
  created_at TEXT NOT NULL
);

CREATE TABLE competency (
  id TEXT PRIMARY KEY,
  framework_id TEXT NOT NULL REFERENCES framework (id),
  uri TEXT NOT NULL UNIQUE,
  code TEXT,
  title TEXT NOT NULL,
  description TEXT,
  level TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX competency_by_framework ON competency (framework_id);

CREATE TABLE learning_outcome (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institution (id),
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  assessment_method TEXT NOT NULL,
  requires_examiner INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (institution_id, code)
);

CREATE TABLE learning_outcome_competency (
  outcome_id TEXT NOT NULL REFERENCES learning_outcome (id),
  competency_uri TEXT NOT NULL REFERENCES competency (uri),
  position INTEGER NOT NULL,
  PRIMARY KEY (outcome_id, competency_uri)
);
CREATE INDEX learning_outcome_by_competency ON learning_outcome_competency (competency_uri);

CREATE TABLE module (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institution (id),
  code TEXT NOT NULL,
  latest_version INTEGER NOT NULL,
  published_version INTEGER,
  created_at TEXT NOT NULL,
  UNIQUE (institution_id, code)
);

-- A published version is never updated; a draft is the only version that changes in place.
CREATE TABLE module_version (
  module_id TEXT NOT NULL REFERENCES module (id),
  version INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'published')),
  title TEXT NOT NULL,
  level TEXT,
  content TEXT NOT NULL,
  created_at TEXT NOT NULL,
  published_at TEXT,
  PRIMARY KEY (module_id, version)
);

CREATE TABLE module_version_competency (
  module_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  competency_uri TEXT NOT NULL,
  PRIMARY KEY (module_id, version, competency_uri),
  FOREIGN KEY (module_id, version) REFERENCES module_version (module_id, version)
);
CREATE INDEX module_by_competency ON module_version_competency (competency_uri, module_id, version);

-- The prerequisite edges of each module's newest version, kept for cycle checks at write time.
CREATE TABLE module_prerequisite (
  module_id TEXT NOT NULL REFERENCES module (id),
  prerequisite_id TEXT NOT NULL REFERENCES module (id),
  PRIMARY KEY (module_id, prerequisite_id)
);

CREATE TABLE qualification (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institution (id),
  code TEXT NOT NULL,
  title TEXT NOT NULL,
  level TEXT NOT NULL,
  entry_level TEXT NOT NULL,
  legal_minimum INTEGER NOT NULL,
  stack_rule TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (institution_id, code)
);

CREATE TABLE qualification_competency (
  qualification_id TEXT NOT NULL REFERENCES qualification (id),
  competency_uri TEXT NOT NULL,
  PRIMARY KEY (qualification_id, competency_uri)
);
CREATE INDEX qualification_by_competency ON qualification_competency (competency_uri);

CREATE TABLE employer (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  sector TEXT NOT NULL,
  locations TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE role (
  id TEXT PRIMARY KEY,
  employer_id TEXT NOT NULL REFERENCES employer (id),
  title TEXT NOT NULL,
  location_id TEXT,
  description TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE role_requirement (
  role_id TEXT NOT NULL REFERENCES role (id),
  competency_uri TEXT NOT NULL REFERENCES competency (uri),
  priority TEXT NOT NULL CHECK (priority IN ('essential', 'later')),
  note TEXT,
  position INTEGER NOT NULL,
  PRIMARY KEY (role_id, competency_uri)
);
CREATE INDEX role_by_competency ON role_requirement (competency_uri);

CREATE TABLE assessor (
  id TEXT PRIMARY KEY,
  employer_id TEXT NOT NULL REFERENCES employer (id),
  name TEXT NOT NULL,
  email TEXT NOT NULL,
  subject TEXT UNIQUE,
  qualifications TEXT NOT NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- Append-only: who did what, when.
CREATE TABLE audit_event (
  id TEXT PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL,
  resource_id TEXT NOT NULL,
  detail TEXT
);
CREATE INDEX audit_by_resource ON audit_event (resource_type, resource_id);

-- A POST with an Idempotency-Key is answered once; a retry gets the stored answer.
CREATE TABLE idempotency_key (
  principal TEXT NOT NULL,
  key TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  status INTEGER,
  response TEXT,
  created_at TEXT NOT NULL,
  PRIMARY KEY (principal, key)
);

-- Defense in depth: the store never edits a published version, and the database refuses it too.
CREATE TRIGGER module_version_published_is_immutable
BEFORE UPDATE ON module_version
WHEN OLD.status = 'published'
BEGIN
  SELECT RAISE(ABORT, 'a published module version is immutable');
END;

CREATE TRIGGER module_version_published_is_kept
BEFORE DELETE ON module_version
WHEN OLD.status = 'published'
BEGIN
  SELECT RAISE(ABORT, 'a published module version is immutable');
END;
