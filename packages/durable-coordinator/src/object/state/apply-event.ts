/**
 * The event state machine: one call, inside one `transactionSync`, validates an event against the run's
 * current state and writes the event, the entities it changes and the index ops it owes — or throws and
 * writes nothing. Rules follow `@workflow/world-local` 4.4 / `world-postgres` 4.3 `events.create`.
 */
import { PreconditionFailedError, WorkflowRunNotFoundError } from '@workflow/errors';
import type { IndexOp, TokenOwner } from '@workflow-world-cloudflare/storage-d1';
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { SPEC_VERSION_CURRENT, type WorkflowRun } from '@workflow/world';
import type { CreateEventCall, CreateEventOutcome } from '../../protocol.js';
import { getMeta, setMeta } from './meta.js';
import { enqueueOps } from './outbox.js';
import { withControlState } from './pause-flag.js';
import { runIndexOp } from './run-index.js';
import { assertRunAccepts, assertSupportedRun } from './run-guards.js';
import { readRun } from './runs.js';
import type { RunSql } from './sql.js';
import type { Transition, TransitionResult } from './transitions/context.js';
import { completeWait, createWait } from './transitions/wait.js';
import { createHook, disposeHook, receiveHook } from './transitions/hook.js';
import { createRun, endRun, repeatCancel, startRun } from './transitions/run.js';
import { advanceStep, createStep } from './transitions/step.js';

/** What one applied event produced: the answer, and the index ops it queued in the outbox. */
export interface AppliedEvent {
  outcome: CreateEventOutcome;
  ops: IndexOp[];
}

/** Applies `call`; `claim` is the D1 token owner after the pre-transaction claim (`hook_created` only). */
export function applyEvent(h: RunSql, call: CreateEventCall, now: number, claim?: TokenOwner): AppliedEvent {
  const data = call.event;
  const t: Transition = {
    h,
    call,
    data,
    runId: call.runId,
    specVersion: data.specVersion ?? SPEC_VERSION_CURRENT,
    now,
    run: readRun(h)?.run ?? null,
    ops: [],
    saved: {},
  };
  guardStaleState(h, call);
  const result = dispatch(t, claim);
  markExternalEvent(h, call, result);
  // The run leaves the object as every read shows it: with the operator's pause flag (not an event). A run
  // this event stored goes to the index in that same shape (a stored run is always the outcome's run).
  const shown = result.run ? withControlState(h, result.run) : undefined;
  if (t.saved.run) {
    if (!shown || t.saved.run !== result.run) throw new Error(`${data.eventType}: the stored run is not the outcome's run`);
    t.ops.push(runIndexOp(h, shown));
  }
  enqueueOps(h, t.ops);
  return { outcome: { ...result, ...(shown ? { run: shown } : {}), refsStored: result.refsStored ?? true }, ops: t.ops };
}

function dispatch(t: Transition, claim: TokenOwner | undefined): TransitionResult {
  const { data } = t;
  if (data.eventType === 'run_created') return createRun(t, data.eventData);
  const existed = t.run !== null;
  const run = t.run ?? resilientStart(t);
  assertSupportedRun(run);
  assertRunAccepts(run, data.eventType);
  switch (data.eventType) {
    case 'run_started': {
      // The offloaded resilient-start input is kept only when it became the run's input here.
      const started = startRun(t, run);
      return existed ? { ...started, refsStored: false } : started;
    }
    case 'run_completed':
    case 'run_failed':
      return endRun(t, run);
    case 'run_cancelled':
      return run.status === 'cancelled' ? repeatCancel(t, run) : endRun(t, run);
    case 'step_created':
      return createStep(t);
    case 'step_started':
    case 'step_completed':
    case 'step_failed':
    case 'step_retrying':
      return advanceStep(t);
    case 'hook_created':
      if (!claim) throw new CloudflareWorldError('INVALID_EVENT', 'hook_created reached the run without a token claim');
      return createHook(t, claim);
    case 'hook_received':
      return receiveHook(t);
    case 'hook_disposed':
      return disposeHook(t);
    case 'wait_created':
      return createWait(t);
    case 'wait_completed':
      return completeWait(t);
  }
}

/**
 * Resilient start: a `run_started` for a run that does not exist but carries its creation data creates the
 * run first (with a synthetic `run_created`), so a queue delivery can bootstrap a run whose `start()` failed.
 */
function resilientStart(t: Transition): WorkflowRun {
  const { data } = t;
  if (data.eventType === 'run_started' && data.eventData) {
    const { deploymentId, workflowName, input, executionContext } = data.eventData;
    if (deploymentId && workflowName && input !== undefined) {
      const created = createRun({ ...t, data: { eventType: 'run_created', eventData: { deploymentId, workflowName, input } } }, {
        deploymentId,
        workflowName,
        input,
        ...(executionContext === undefined ? {} : { executionContext }),
      });
      t.run = created.run ?? null;
      if (t.run) return t.run;
    }
  }
  throw new WorkflowRunNotFoundError(t.runId);
}

/**
 * `CreateEventParams.stateUpdatedAt`: refuse (412) a replay-origin write made from a snapshot older than
 * the newest externally-originated event; an equal timestamp passes so an up-to-date client never livelocks.
 */
function guardStaleState(h: RunSql, call: CreateEventCall): void {
  if (call.stateUpdatedAt === undefined) return;
  const marker = Number(getMeta(h, 'state_marker') ?? 0);
  if (call.stateUpdatedAt < marker) {
    throw new PreconditionFailedError(
      `Run "${call.runId}" changed at ${marker} after the caller's snapshot (${call.stateUpdatedAt}); reload the event log`,
    );
  }
}

/** External events (`hook_received`, `step_completed` sent without `stateUpdatedAt`) advance the marker. */
function markExternalEvent(h: RunSql, call: CreateEventCall, result: TransitionResult): void {
  const type = call.event.eventType;
  if (call.stateUpdatedAt !== undefined || !result.event) return;
  if (type !== 'hook_received' && type !== 'step_completed') return;
  setMeta(h, 'state_marker', String(result.event.createdAt.getTime()));
}
