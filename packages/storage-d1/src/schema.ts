/**
 * The Kysely view of the index tables, with their real snake_case columns (see `migrations/`). Times are
 * integer milliseconds. Keys and creation times are `ColumnType<…, …, never>`: an upsert never rewrites them.
 * `test/rows.test-d.ts` checks that these rows line up with `RunIndexRow` / `HookIndexRow`.
 */
import type { WorkflowRunStatus } from '@workflow/world';
import type { ColumnType } from 'kysely';

/** A column written on insert and never updated. */
type Immutable<T> = ColumnType<T, T, never>;

export interface RunsTable {
  run_id: Immutable<string>;
  workflow_name: string;
  status: WorkflowRunStatus;
  deployment_id: string;
  created_at: Immutable<number>;
  updated_at: number;
  version: number;
  data: string;
}

export interface HooksTable {
  hook_id: Immutable<string>;
  run_id: string;
  token: string;
  created_at: Immutable<number>;
  data: string;
}

/** The token registry: `token` is the primary key, so a claim is one `INSERT … ON CONFLICT DO NOTHING`. */
export interface HookTokensTable {
  token: Immutable<string>;
  run_id: Immutable<string>;
  hook_id: Immutable<string>;
  created_at: Immutable<number>;
}

export interface StepRunsTable {
  step_id: Immutable<string>;
  run_id: string;
}

export interface CorrelationsTable {
  correlation_id: Immutable<string>;
  run_id: Immutable<string>;
}

/** Every index table, keyed by its SQL name. */
export interface Database {
  wf_runs: RunsTable;
  wf_hooks: HooksTable;
  wf_hook_tokens: HookTokensTable;
  wf_step_runs: StepRunsTable;
  wf_correlations: CorrelationsTable;
}
