/**
 * Checks that run before the (awaited) token claim of `hook_created`, so a doomed event never claims a
 * token. They are repeated inside the transaction, since other calls may run while the claim is awaited.
 */
import { EntityConflictError, RunNotSupportedError, WorkflowRunNotFoundError } from '@workflow/errors';
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { isLegacySpecVersion, isTerminalWorkflowRunStatus, requiresNewerWorld, SPEC_VERSION_CURRENT } from '@workflow/world';
import type { CreateEventCall } from '../../protocol.js';
import { findEvent } from './events.js';
import { readHook } from './hooks.js';
import { readRun } from './runs.js';
import type { RunSql } from './sql.js';

export function precheckHookCreated(h: RunSql, call: CreateEventCall, hookId: string): void {
  const run = readRun(h)?.run;
  if (!run) throw new WorkflowRunNotFoundError(call.runId);
  if (requiresNewerWorld(run.specVersion)) throw new RunNotSupportedError(run.specVersion ?? 0, SPEC_VERSION_CURRENT);
  if (isLegacySpecVersion(run.specVersion)) {
    throw new CloudflareWorldError('LEGACY_RUN_UNSUPPORTED', `Run "${run.runId}" is a legacy (spec 1) run; this World does not serve it`);
  }
  if (isTerminalWorkflowRunStatus(run.status)) {
    throw new EntityConflictError(`Cannot create new entities on run in terminal state "${run.status}"`);
  }
  if (readHook(h, hookId) || findEvent(h, 'hook_created', hookId)) {
    throw new EntityConflictError(`Hook "${hookId}" already created`);
  }
}
