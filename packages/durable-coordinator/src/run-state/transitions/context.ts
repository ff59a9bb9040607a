/**
 * What every transition gets: the SQL handle, the call, the current run and the index ops it owes. All of
 * it runs inside one `transactionSync`; a throw rolls back every write, including the event.
 */
import type { IndexOp, RunIndexRow } from '@workflow-world-cloudflare/storage-d1';
import { encodeValue } from '@workflow-world-cloudflare/core';
import type { AnyEventRequest, Event, WorkflowRun } from '@workflow/world';
import type { CreateEventCall, CreateEventOutcome } from '../../rpc.js';
import { appendEvent, mintEventId } from '../events.js';
import { first, type RunSql } from '../sql.js';

export interface Transition<E extends AnyEventRequest = AnyEventRequest> {
  readonly h: RunSql;
  readonly call: CreateEventCall;
  readonly data: E;
  readonly runId: string;
  /** `data.specVersion`, or the current spec when the runtime omitted it (as the reference worlds do). */
  readonly specVersion: number;
  readonly now: number;
  /** The run before this event; only `run_created` (and the resilient start) see `null`. */
  run: WorkflowRun | null;
  /** Index writes owed because of this event, queued in the outbox in the same transaction. */
  readonly ops: IndexOp[];
}

export type TransitionResult = Omit<CreateEventOutcome, 'refsStored'> & { refsStored?: boolean };

/** Appends the event for `data` (or an explicit shape, e.g. `hook_conflict`) and returns it. */
export function recordEvent(t: Transition, shape: Record<string, unknown> = t.data): Event {
  const { eventId, createdAt } = mintEventId(t.h, t.now);
  const event = { ...shape, runId: t.runId, eventId, createdAt, specVersion: t.specVersion } as Event;
  appendEvent(t.h, event);
  return event;
}

/** The `upsertRun` op for `run`, versioned by the run's event count so older snapshots never win in D1. */
export function runIndexOp(t: Transition, run: WorkflowRun): IndexOp {
  const seq = first(t.h, t.h.db.selectFrom('wf_events').select((eb) => eb.fn.max('seq').as('m')))?.m ?? 0;
  const row: RunIndexRow = {
    runId: run.runId,
    workflowName: run.workflowName,
    status: run.status,
    deploymentId: run.deploymentId,
    createdAt: run.createdAt.getTime(),
    updatedAt: run.updatedAt.getTime(),
    version: Number(seq),
    data: encodeValue(run),
  };
  return { op: 'upsertRun', run: row };
}

/** Narrows a transition to one event type (the dispatcher has already switched on it). */
export function narrow<T extends AnyEventRequest['eventType']>(t: Transition): Transition<Extract<AnyEventRequest, { eventType: T }>> {
  return t as Transition<Extract<AnyEventRequest, { eventType: T }>>;
}
