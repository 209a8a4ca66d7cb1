-- Which qualification a stacked ClrCredential awards, and to whom. A learner holds a qualification of an
-- instelling at most once: the partial unique index refuses a second standing award even when two
-- requests race past the check before it. An award whose credential is revoked stays as history and is
-- retired (retired_at) by the batch that stores the next award, so the qualification can be awarded again.
-- Shared by Node (better-sqlite3) and Workers (D1).
CREATE TABLE award (
  credential_id TEXT PRIMARY KEY REFERENCES credential (id),
  institution_id TEXT NOT NULL REFERENCES institution (id),
  qualification_id TEXT NOT NULL REFERENCES qualification (id),
  learner_id TEXT NOT NULL REFERENCES learner (id),
  awarded_at TEXT NOT NULL,
  retired_at TEXT
);
CREATE UNIQUE INDEX award_standing ON award (institution_id, qualification_id, learner_id)
  WHERE retired_at IS NULL;
CREATE INDEX award_by_learner ON award (learner_id);
