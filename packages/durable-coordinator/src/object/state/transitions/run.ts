/**
 * Run lifecycle transitions, as `@workflow/world-local` 4.4 and `world-postgres` 4.3 define them:
 * `run_created` (duplicate → conflict), idempotent `run_started`, exactly one terminal transition, terminal
 * runs drop their hooks (tokens released) and waits.
 */
import { EntityConflictError } from '@workflow/errors';
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { isLegacySpecVersion, type RunCreatedEventRequest, type WorkflowRun } from '@workflow/world';
import { findEvent } from '../events.js';
import { deleteAllHooks } from '../hooks.js';
import { deleteAllWaits } from '../waits.js';
import { recordEvent, saveRun, type Transition, type TransitionResult } from './context.js';

type RunCreatedData = RunCreatedEventRequest['eventData'];

/** Creates the run and its `run_created` event. */
export function createRun(t: Transition, eventData: RunCreatedData): TransitionResult {
  if (t.run) throw new EntityConflictError(`Workflow run "${t.runId}" already exists`);
  if (isLegacySpecVersion(t.specVersion)) {
    throw new CloudflareWorldError(
      'LEGACY_RUN_UNSUPPORTED',
      `Run "${t.runId}" would be created at spec version ${t.specVersion}; this World serves event-sourced runs (spec >= 2) only`,
    );
  }
  const event = recordEvent(t, {
    eventType: 'run_created',
    ...(t.data.correlationId === undefined ? {} : { correlationId: t.data.correlationId }),
    eventData,
  });
  const run: WorkflowRun = {
    runId: t.runId,
    deploymentId: eventData.deploymentId,
    status: 'pending',
    workflowName: eventData.workflowName,
    specVersion: t.specVersion,
    executionContext: eventData.executionContext,
    input: eventData.input,
    createdAt: event.createdAt,
    updatedAt: event.createdAt,
  };
  saveRun(t, run);
  return { event, run };
}

/** `run_started`: pending → running once; a second start returns the run without a second event. */
export function startRun(t: Transition, run: WorkflowRun): TransitionResult {
  if (run.status === 'running') return { run, refsStored: false };
  const event = recordEvent(t, withoutEventData(t.data));
  if (run.status !== 'pending') throw new EntityConflictError(`Cannot start run in state "${run.status}"`);
  const started: WorkflowRun = {
    ...run,
    status: 'running',
    startedAt: run.startedAt ?? event.createdAt,
    updatedAt: event.createdAt,
  };
  return commitRun(t, started, event);
}

/** `run_completed` / `run_failed` / `run_cancelled` on a live run. */
export function endRun(t: Transition, run: WorkflowRun): TransitionResult {
  const event = recordEvent(t);
  const at = event.createdAt;
  const base = { ...run, completedAt: at, updatedAt: at, output: undefined, error: undefined };
  let ended: WorkflowRun;
  if (t.data.eventType === 'run_completed') {
    ended = { ...base, status: 'completed', output: t.data.eventData.output };
  } else if (t.data.eventType === 'run_failed') {
    ended = { ...base, status: 'failed', error: t.call.structuredError ?? { message: 'Unknown error' } };
  } else {
    ended = { ...base, status: 'cancelled' };
  }
  deleteAllHooks(t.h);
  deleteAllWaits(t.h);
  t.ops.push({ op: 'releaseRunTokens', runId: t.runId });
  return commitRun(t, ended, event);
}

/** `run_cancelled` on a cancelled run: idempotent, answers with the stored cancellation. */
export function repeatCancel(t: Transition, run: WorkflowRun): TransitionResult {
  const event = findEvent(t.h, 'run_cancelled') ?? undefined;
  return { event, run, refsStored: false };
}

function commitRun(t: Transition, run: WorkflowRun, event: TransitionResult['event']): TransitionResult {
  saveRun(t, run);
  return { event, run };
}

function withoutEventData(data: Transition['data']): Record<string, unknown> {
  // The resilient-start input belongs on run_created only; the reference worlds strip it from run_started.
  const { eventData: _dropped, ...rest } = data as Record<string, unknown>;
  return rest;
}
