/**
 * What crosses the RPC boundary between `createDurableStorage` and `WorkflowRunObject`. Thrown errors lose
 * their class and extra fields over RPC, so the object returns failures as data and the storage rethrows
 * the matching `@workflow/errors` class.
 */
import type { AnyEventRequest, Event, Hook, Step, StructuredError, Wait, WorkflowRun } from '@workflow/world';
import type { EnqueueCall, EnqueueOutcome } from './enqueue-call.js';
import type { ExecutionStats } from './object/execution/run-executor.js';

/** Stamped on every hook the object creates (from the World configuration). */
export interface HookStamp {
  ownerId: string;
  projectId: string;
  environment: string;
}

/** For calls that never create a hook (the object's own `step_started`, the HTTP routes): never read. */
export const NO_HOOK_STAMP: HookStamp = { ownerId: '', projectId: '', environment: '' };

/** One `events.create` call, already validated and with large payloads replaced by refs. */
export interface CreateEventCall {
  runId: string;
  event: AnyEventRequest;
  /**
   * The `{ message, stack, code }` entity error of `run_failed` / `step_failed` / `step_retrying`, built by
   * the caller from the raw payload before it was offloaded (the object may only see a ref).
   */
  structuredError?: StructuredError;
  /** `CreateEventParams.stateUpdatedAt`: the optimistic-concurrency guard (412 when stale). */
  stateUpdatedAt?: number;
  hookStamp: HookStamp;
  /**
   * The caller's `RUN_RETENTION` in ms (`null`: forever), applied if this event ends the run. Absent: the
   * object's vars decide.
   */
  retention?: number | null;
  /**
   * `run_created` only: messages for the run queued while this call was being made (`start()`'s first wake, see
   * `client/run-starts.ts`), stored in the event's transaction. Their outcomes come back in `enqueued`.
   */
  wakes?: EnqueueCall[];
}

export interface CreateEventOutcome {
  event?: Event;
  run?: WorkflowRun;
  step?: Step;
  hook?: Hook;
  wait?: Wait;
  /** `run_started` only: the run's first events (with refs), so the runtime can skip a `events.list`. */
  events?: Event[];
  cursor?: string | null;
  hasMore?: boolean;
  /**
   * Set when the object queued a plain wake of the workflow in the same transaction as this event (a step
   * that ended, in a run that executes in its object): the DevKit's own wake that follows is then redundant.
   */
  woke?: { messageId: string };
  /** The outcome of each of the call's `wakes`, in order. */
  enqueued?: EnqueueOutcome[];
  /** Set when the run's snapshot in the D1 index follows just after this answer (see `indexFlush`). */
  runIndexDeferred?: boolean;
  /**
   * False when the offloaded payloads of the call were not stored (idempotent no-op, `hook_conflict`, a
   * `run_started` whose run already existed): the caller deletes them.
   */
  refsStored: boolean;
}

/** The RPC envelope every object uses (core's `rpc-result.ts`). */
export type { RpcError, RpcResult } from '@workflow-world-cloudflare/core';

/** What `inspect` answers: the executor's counters and inbox, plus facts of the run's object. */
export interface RunInspection extends ExecutionStats {
  /** Event rows the object's cache ever read from SQLite (each row once, however many replays). */
  eventRowsRead: number;
  /**
   * `events.create` calls this instance answered, by where they came from: over the binding (`rpc`), from the
   * run's own deliveries in-process (`inProcess`), or a step's `step_completed` held in its delivery's answer
   * (`stepAnswer`).
   */
  eventWrites: { rpc: number; inProcess: number; stepAnswer: number };
  /** How the run's sandbox draws random values: `keyed-v1:<secret fingerprint>`, absent for core's public seed. */
  sandboxRandomness?: string;
}

/** Where an event sits in its run's log, for page cursors (`events.list`, `GET /state`): commit time, then id. */
export const eventPosition = (e: Event): { t: number; id: string } => ({ t: e.createdAt.getTime(), id: e.eventId });
