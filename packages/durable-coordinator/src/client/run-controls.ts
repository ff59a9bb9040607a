/**
 * `createRunControls`: operator actions on a run's object that are not DevKit events. Today: the pause flag,
 * which `runs.get` / `runs.list` show as `executionContext.paused` + `executionContext.pausedAt`.
 */
import { fromRpcError } from '@workflow-world-cloudflare/core';
import type { RetentionState } from '../object/state/expiry.js';
import type { PauseState } from '../object/state/pause-flag.js';
import type { WorkflowRunObject } from '../object/workflow-run-object.js';
import type { RunInspection } from '../protocol.js';

export type { RetentionState } from '../object/state/expiry.js';
export type { PauseState } from '../object/state/pause-flag.js';

/** Operator controls on run objects. */
export interface RunControls {
  /**
   * Sets (`true`) or clears (`false`) the run's pause flag. Idempotent (a repeated pause keeps the first
   * `pausedAt`). Only the flag: holding the run's deliveries is the queue's job.
   *
   * @throws WorkflowRunNotFoundError for an unknown run; EntityConflictError when pausing a terminal run.
   */
  setPaused(runId: string, paused: boolean): Promise<PauseState>;
  /** What the run's object executes and holds: its inbox, delivery counters, event rows its cache read. */
  inspect(runId: string): Promise<RunInspection>;
  /**
   * Keeps the run `ms` after it ends (`null`: forever) instead of the World's `RUN_RETENTION`; on a finished run
   * the expiry moves at once (`0`: deleted now).
   *
   * @throws WorkflowRunNotFoundError for an unknown run; RunExpiredError once it expired.
   */
  setRetention(runId: string, ms: number | null): Promise<RetentionState>;
}

/**
 * @example
 * ```ts
 * const controls = createRunControls({ runs: env.WORKFLOW_RUN });
 * await controls.setPaused(runId, true); // runs.get(runId).executionContext → { paused: true, pausedAt: '…' }
 * ```
 */
export function createRunControls(opts: { runs: DurableObjectNamespace<WorkflowRunObject> }): RunControls {
  return {
    async setPaused(runId, paused) {
      const result = await opts.runs.get(opts.runs.idFromName(runId)).controlSetPaused(runId, paused);
      if (result.ok) return result.value as PauseState;
      throw fromRpcError(result.error);
    },
    async setRetention(runId, ms) {
      const result = await opts.runs.get(opts.runs.idFromName(runId)).controlSetRetention(runId, ms);
      if (result.ok) return result.value as RetentionState;
      throw fromRpcError(result.error);
    },
    async inspect(runId) {
      return (await opts.runs.get(opts.runs.idFromName(runId)).executionStats()) as RunInspection;
    },
  };
}
