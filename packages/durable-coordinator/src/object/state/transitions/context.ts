/**
 * What every transition gets: the SQL handle, the call, the current run and the index ops it owes. All of
 * it runs inside one `transactionSync`; a throw rolls back every write, including the event.
 */
import type { IndexOp } from '@workflow-world-cloudflare/storage-d1';
import type { AnyEventRequest, Event, WorkflowRun } from '@workflow/world';
import type { CreateEventCall, CreateEventOutcome } from '../../../protocol.js';
import { appendEvent, mintEventId } from '../events.js';
import { writeRun } from '../runs.js';
import type { RunSql } from '../sql.js';

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
  /**
   * The run as this event left it, once a transition stored it (`saveRun`). An object, so narrowed copies of
   * the transition share it; `applyEvent` owes the index one snapshot of it.
   */
  readonly saved: { run?: WorkflowRun };
}

export type TransitionResult = Omit<CreateEventOutcome, 'refsStored'> & { refsStored?: boolean };

/** Appends the event for `data` (or an explicit shape, e.g. `hook_conflict`) and returns it. */
export function recordEvent(t: Transition, shape: Record<string, unknown> = t.data): Event {
  const { eventId, createdAt } = mintEventId(t.h, t.now);
  const event = { ...shape, runId: t.runId, eventId, createdAt, specVersion: t.specVersion } as Event;
  appendEvent(t.h, event);
  return event;
}

/**
 * Stores `run` as the run's new state. The transition returns it as its outcome's `run`: `applyEvent` shows it
 * with the pause flag and sends that snapshot to the index.
 */
export function saveRun(t: Transition, run: WorkflowRun): void {
  writeRun(t.h, run);
  t.run = run;
  t.saved.run = run;
}

/** Narrows a transition to one event type (the dispatcher has already switched on it). */
export function narrow<T extends AnyEventRequest['eventType']>(t: Transition): Transition<Extract<AnyEventRequest, { eventType: T }>> {
  return t as Transition<Extract<AnyEventRequest, { eventType: T }>>;
}
