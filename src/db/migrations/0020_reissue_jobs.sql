-- Reissuing an instelling's credentials under its active key (issue 14): after a key is compromised (or
-- just retired), what it signed is signed again by the active key as a background job. A reissued
-- credential keeps its id, its claims and its status entry; only its proof changes, so it is the same
-- credential (never a second one for the same achievement) and a share, an award or a pickup that points
-- at it follows. A ClrCredential that embeds a reissued credential is reissued after it, embedding the new
-- document. Shared by Node (better-sqlite3) and Workers (D1).
--
-- `keys` is the JSON array of the retired keys (publicKeyMultibase) whose proofs the job replaces. One
-- job per instelling runs at a time (the partial unique index); a restarted job picks up its pending items.
CREATE TABLE reissue_job (
  id TEXT PRIMARY KEY,
  institution_id TEXT NOT NULL REFERENCES institution (id),
  keys TEXT NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('running', 'done')),
  total INTEGER NOT NULL CHECK (total >= 0),
  started_by TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE UNIQUE INDEX reissue_job_running ON reissue_job (institution_id) WHERE state = 'running';
CREATE INDEX reissue_job_by_institution ON reissue_job (institution_id, started_at);

-- One credential of a job: `phase` 0 for what a retired key signed, 1 for a ClrCredential (done after the
-- credentials it may embed). `pending` until it is signed again (`done`, with the document it replaced, so
-- nothing is lost, and when its new proof was made; both null when it needed nothing by then) or `failed`
-- naming why; the credential's new document and its item's mark are one transaction.
CREATE TABLE reissue_job_item (
  job_id TEXT NOT NULL REFERENCES reissue_job (id),
  credential_id TEXT NOT NULL REFERENCES credential (id),
  phase INTEGER NOT NULL CHECK (phase IN (0, 1)),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'done', 'failed')),
  previous_document TEXT,
  reissued_at TEXT,
  error TEXT,
  PRIMARY KEY (job_id, credential_id)
);
CREATE INDEX reissue_job_item_by_credential ON reissue_job_item (credential_id);
