/**
 * A run's creation and its first wake, sent as one call. The DevKit's `start()` calls `events.create(run_created)`
 * and then, in the same expression, `queue()` of the run's first wake. Sent apart, both wait for the creation of
 * the same new run object, and the wake, which needs no async work before its call, arrives first: its replay
 * creates the run itself (core's resilient start, from the wake's `runInput`), and `run_created` then fails as a
 * conflict that `start()` ignores. So `events.create(run_created)` opens a slot here before its first await; a
 * message for that run queued meanwhile in this isolate joins the slot and rides in the `run_created` call,
 * committed in the event's transaction. A ride that does not happen (the event was refused, the call threw, the
 * call had already left) ends with `undefined` and the message is sent on its own, as before.
 */
import { type EnqueueCall, type EnqueueOutcome, MAX_RIDING_MESSAGES } from '../enqueue-call.js';
import type { WorkflowRunObject } from '../object/workflow-run-object.js';

type Namespace = DurableObjectNamespace<WorkflowRunObject>;

interface Rider {
  call: EnqueueCall;
  done: (outcome: EnqueueOutcome | undefined) => void;
}

interface Slot {
  runs: Namespace;
  riders: Rider[];
}

/** Run id -> the creation of that run this isolate is about to send. */
const open = new Map<string, Slot>();

/** The creation call's side: take the riders just before sending, then settle them with the object's answer. */
export interface RunStart {
  /** Closes the slot; the messages to send with the event. */
  take(): EnqueueCall[];
  /** The outcome of each message taken, in order; `undefined` when they were not stored (the call failed). */
  settle(outcomes: readonly EnqueueOutcome[] | undefined): void;
}

/**
 * Opens the slot of `runId`'s creation, synchronously before the creating call's first await. `undefined` when
 * a creation of that run is already open here (the second one carries nothing).
 */
export function openRunStart(runs: Namespace, runId: string): RunStart | undefined {
  if (open.has(runId)) return undefined;
  const slot: Slot = { runs, riders: [] };
  open.set(runId, slot);
  /** The riders of the call that was sent; once settled, none (settling twice does nothing). */
  let taken: Rider[] | undefined;
  const close = () => {
    if (open.get(runId) === slot) open.delete(runId);
  };
  return {
    take() {
      close();
      taken ??= slot.riders.splice(0);
      return taken.map((r) => r.call);
    },
    settle(outcomes) {
      close();
      const riders = taken ?? slot.riders.splice(0);
      taken = [];
      riders.forEach((rider, i) => rider.done(outcomes?.[i]));
    },
  };
}

/**
 * The message side: rides `call` with the open creation of its run, if there is one for the same namespace.
 * Resolves with the message's outcome, or `undefined` when it must be sent on its own; `undefined` at once when
 * there is nothing to ride with.
 */
export function rideRunStart(runs: Namespace, call: EnqueueCall): Promise<EnqueueOutcome | undefined> | undefined {
  const slot = open.get(call.runId);
  if (!slot || slot.runs !== runs || slot.riders.length >= MAX_RIDING_MESSAGES) return undefined;
  return new Promise((done) => slot.riders.push({ call, done }));
}
