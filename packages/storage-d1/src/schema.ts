/**
 * The Kysely view of the index tables, with their real snake_case columns. Times are integer milliseconds.
 * `migrations/` creates exactly these tables; `test/rows.test-d.ts` checks that the rows line up.
 */

export interface RunsTable {
  run_id: string;
  workflow_name: string;
  status: string;
  deployment_id: string;
  created_at: number;
  updated_at: number;
  version: number;
  data: string;
}

export interface HooksTable {
  hook_id: string;
  run_id: string;
  token: string;
  created_at: number;
  data: string;
}

/** The token registry: `token` is the primary key, so a claim is one `INSERT … ON CONFLICT DO NOTHING`. */
export interface HookTokensTable {
  token: string;
  run_id: string;
  hook_id: string;
  created_at: number;
}

export interface StepRunsTable {
  step_id: string;
  run_id: string;
}

export interface CorrelationsTable {
  correlation_id: string;
  run_id: string;
}

/** Every index table, keyed by its SQL name. */
export interface Database {
  wf_runs: RunsTable;
  wf_hooks: HooksTable;
  wf_hook_tokens: HookTokensTable;
  wf_step_runs: StepRunsTable;
  wf_correlations: CorrelationsTable;
}
