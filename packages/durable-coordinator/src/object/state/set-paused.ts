/** The operator's pause / resume of a run (see `pause-flag.ts` for how the flag is stored and shown). */
import { EntityConflictError, WorkflowRunNotFoundError } from '@workflow/errors';
import { isTerminalWorkflowRunStatus } from '@workflow/world';
import { deleteMeta, getMeta, setMeta } from './meta.js';
import { enqueueOps } from './outbox.js';
import { type PauseState, readPausedAt, withControlState } from './pause-flag.js';
import { runIndexOp } from './run-index.js';
import { readRun } from './runs.js';
import type { RunSql } from './sql.js';

/**
 * Sets (`paused: true`) or clears the flag; call inside `transactionSync`. Idempotent: pausing a paused run
 * keeps the first `pausedAt`, resuming a running one writes nothing. A visible change re-snapshots the run
 * into the D1 index (outbox) under a bumped index version, so `runs.list` shows it too.
 *
 * @throws WorkflowRunNotFoundError when the run does not exist.
 * @throws EntityConflictError when pausing or resuming a terminal run (the class the World uses for writes on
 *   ended runs); a flag left from before the end is never shown (`withControlState`).
 */
export function setPaused(h: RunSql, runId: string, paused: boolean, now: number): PauseState {
  const run = readRun(h)?.run;
  if (!run) throw new WorkflowRunNotFoundError(runId);
  const terminal = isTerminalWorkflowRunStatus(run.status);
  const at = readPausedAt(h);
  // An ended run takes neither: both answer the same conflict, and nothing is written.
  if (terminal) throw new EntityConflictError(`Cannot ${paused ? 'pause' : 'resume'} run "${runId}" in terminal state "${run.status}"`);
  if (paused) {
    if (at !== null) return pauseState(at);
    setMeta(h, 'paused_at', String(now));
  } else {
    if (at === null) return { paused: false };
    deleteMeta(h, 'paused_at');
  }
  setMeta(h, 'control_version', String(Number(getMeta(h, 'control_version') ?? 0) + 1));
  enqueueOps(h, [runIndexOp(h, withControlState(h, run))]);
  return paused ? pauseState(now) : { paused: false };
}

function pauseState(at: number): PauseState {
  return { paused: true, pausedAt: new Date(at).toISOString() };
}
