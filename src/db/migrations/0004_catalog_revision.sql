-- A counter per institution that every publish raises, in the same transaction: a cheap key for
-- caching what is derived from the published catalog (the planner's index).
CREATE TABLE catalog_revision (
  institution_id TEXT PRIMARY KEY REFERENCES institution (id),
  revision INTEGER NOT NULL
);
