/**
 * Operator control of a run: the pause flag. It lives in `wf_meta`, never in the event log: the DevKit's event
 * schema has no such event type, and a replay of a paused run must be identical to an unpaused one (pausing
 * only delays deliveries, which the queue holds). Callers see it on the run entity as
 * `executionContext.paused: true` + `executionContext.pausedAt` (ISO string) while the run is paused; both
 * keys are absent otherwise.
 *
 * A terminal run never shows the flag, even if it ended while paused: terminal runs are immutable (the KV
 * read cache keeps them forever), and a resume after the end must not change what was cached.
 */
import { isTerminalWorkflowRunStatus, type WorkflowRun } from '@workflow/world';
import { getMeta } from './meta.js';
import type { RunSql } from './sql.js';

/** The pause flag as `setPaused` reports it. `pausedAt` is an ISO string, present only while paused. */
export interface PauseState {
  paused: boolean;
  pausedAt?: string;
}

/** When the run was paused (ms since epoch), or `null` while it is not. */
export function readPausedAt(h: RunSql): number | null {
  const value = getMeta(h, 'paused_at');
  return value === null ? null : Number(value);
}

/** `run` as callers see it: with `executionContext.paused` / `pausedAt` while it is paused and not terminal. */
export function withControlState(h: RunSql, run: WorkflowRun): WorkflowRun {
  const at = readPausedAt(h);
  if (at === null || isTerminalWorkflowRunStatus(run.status)) return run;
  return { ...run, executionContext: { ...run.executionContext, paused: true, pausedAt: new Date(at).toISOString() } };
}
