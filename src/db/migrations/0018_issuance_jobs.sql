-- Issuing a cohort as a background job (issue 14): the owed-credential sweep records what it is to do
-- before it starts, and each route's outcome as it goes, so that a restarted job picks up where it
-- stopped. Shared by Node (better-sqlite3) and Workers (D1).
--
-- `total` is the number of credentials owed when the job began (the sum of its items' `owed`). An item is
-- a route that owed credentials: `pending` until its credentials are issued (`done`, with how many), or
-- `failed` naming why. A crash after a credential is stored but before its item is marked leaves the item
-- pending; doing it again issues nothing twice, since a (route, module) has at most one credential.
CREATE TABLE issuance_job (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('owed-credentials')),
  state TEXT NOT NULL CHECK (state IN ('running', 'done')),
  total INTEGER NOT NULL CHECK (total >= 0),
  started_at TEXT NOT NULL,
  finished_at TEXT
);

CREATE TABLE issuance_job_item (
  job_id TEXT NOT NULL REFERENCES issuance_job (id),
  route_id TEXT NOT NULL,
  owed INTEGER NOT NULL CHECK (owed > 0),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
  issued INTEGER NOT NULL DEFAULT 0,
  error TEXT,
  PRIMARY KEY (job_id, route_id)
);

CREATE INDEX issuance_job_running ON issuance_job (kind, state);
