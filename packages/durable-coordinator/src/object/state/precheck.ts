/**
 * The run's checks for `hook_created` (run-guards.ts), before the awaited token claim, so a doomed event never
 * claims a token. `applyEvent` repeats them inside the transaction, since other calls may run during the claim.
 */
import { WorkflowRunNotFoundError } from '@workflow/errors';
import type { CreateEventCall } from '../../protocol.js';
import { assertNewHook, assertRunAccepts, assertSupportedRun } from './run-guards.js';
import { readRun } from './runs.js';
import type { RunSql } from './sql.js';

export function precheckHookCreated(h: RunSql, call: CreateEventCall, hookId: string): void {
  const run = readRun(h)?.run;
  if (!run) throw new WorkflowRunNotFoundError(call.runId);
  assertSupportedRun(run);
  assertRunAccepts(run, 'hook_created');
  assertNewHook(h, hookId);
}
