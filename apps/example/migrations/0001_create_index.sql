-- The cross-run index of workflow-world-cloudflare. Times are integer milliseconds since the epoch.
-- The run Durable Object is the authority; these tables are written through its outbox (idempotent ops).

CREATE TABLE wf_runs (
  run_id        TEXT    NOT NULL PRIMARY KEY,
  workflow_name TEXT    NOT NULL,
  status        TEXT    NOT NULL,
  deployment_id TEXT    NOT NULL,
  created_at    INTEGER NOT NULL,
  updated_at    INTEGER NOT NULL,
  -- the run's event sequence number of this snapshot: an upsert only wins with a greater version
  version       INTEGER NOT NULL,
  data          TEXT    NOT NULL
) STRICT;

-- Keyset pagination on (created_at, run_id), both directions, optionally filtered by name and/or status.
CREATE INDEX wf_runs_by_created ON wf_runs (created_at, run_id);
CREATE INDEX wf_runs_by_name_created ON wf_runs (workflow_name, created_at, run_id);
CREATE INDEX wf_runs_by_status_created ON wf_runs (status, created_at, run_id);
CREATE INDEX wf_runs_by_name_status_created ON wf_runs (workflow_name, status, created_at, run_id);

CREATE TABLE wf_hooks (
  hook_id    TEXT    NOT NULL PRIMARY KEY,
  run_id     TEXT    NOT NULL,
  token      TEXT    NOT NULL,
  created_at INTEGER NOT NULL,
  data       TEXT    NOT NULL
) STRICT;

CREATE INDEX wf_hooks_by_created ON wf_hooks (created_at, hook_id);
CREATE INDEX wf_hooks_by_run_created ON wf_hooks (run_id, created_at, hook_id);

-- The token registry. The primary key makes a claim one atomic INSERT ... ON CONFLICT(token) DO NOTHING.
CREATE TABLE wf_hook_tokens (
  token      TEXT    NOT NULL PRIMARY KEY,
  run_id     TEXT    NOT NULL,
  hook_id    TEXT    NOT NULL,
  created_at INTEGER NOT NULL
) STRICT;

CREATE INDEX wf_hook_tokens_by_run ON wf_hook_tokens (run_id);

CREATE TABLE wf_step_runs (
  step_id TEXT NOT NULL PRIMARY KEY,
  run_id  TEXT NOT NULL
) STRICT;

-- A correlation id may name several runs (e.g. retries of a start): one row per pair.
CREATE TABLE wf_correlations (
  correlation_id TEXT NOT NULL,
  run_id         TEXT NOT NULL,
  PRIMARY KEY (correlation_id, run_id)
) STRICT;
