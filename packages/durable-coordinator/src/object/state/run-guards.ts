/**
 * The checks an event meets before it touches a run, written once: `applyEvent` runs them inside the
 * transaction, and `precheckHookCreated` runs the same ones before the awaited token claim of `hook_created`.
 */
import { EntityConflictError, RunExpiredError, RunNotSupportedError } from '@workflow/errors';
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import {
  type AnyEventRequest,
  isLegacySpecVersion,
  isTerminalWorkflowRunStatus,
  requiresNewerWorld,
  SPEC_VERSION_CURRENT,
  type WorkflowRun,
} from '@workflow/world';
import { findEvent } from './events.js';
import { readHook } from './hooks.js';
import type { RunSql } from './sql.js';

/** Runs of a newer spec, and legacy (spec 1) runs, are not served here. */
export function assertSupportedRun(run: WorkflowRun): void {
  if (requiresNewerWorld(run.specVersion)) throw new RunNotSupportedError(run.specVersion ?? 0, SPEC_VERSION_CURRENT);
  if (isLegacySpecVersion(run.specVersion)) {
    throw new CloudflareWorldError('LEGACY_RUN_UNSUPPORTED', `Run "${run.runId}" is a legacy (spec 1) run; this World does not serve it`);
  }
}

/** What a terminal run still accepts: an idempotent cancel, and late reports of running steps. */
export function assertRunAccepts(run: WorkflowRun, eventType: AnyEventRequest['eventType']): void {
  if (!isTerminalWorkflowRunStatus(run.status)) return;
  if (eventType === 'run_cancelled' && run.status === 'cancelled') return;
  if (eventType === 'run_started') {
    throw new RunExpiredError(`Workflow run "${run.runId}" is already in terminal state "${run.status}"`);
  }
  if (eventType === 'run_completed' || eventType === 'run_failed' || eventType === 'run_cancelled') {
    throw new EntityConflictError(`Cannot transition run from terminal state "${run.status}"`);
  }
  if (eventType === 'step_created' || eventType === 'hook_created' || eventType === 'wait_created') {
    throw new EntityConflictError(`Cannot create new entities on run in terminal state "${run.status}"`);
  }
}

/** Refuses a `hook_created` this run has already recorded (live or disposed). */
export function assertNewHook(h: RunSql, hookId: string): void {
  if (readHook(h, hookId) || findEvent(h, 'hook_created', hookId)) {
    throw new EntityConflictError(`Hook "${hookId}" already created`);
  }
}
