/**
 * One step delivery, on whichever isolate runs it: what its invocation holds so that the DevKit's step handler
 * needs no round trip to the run's object.
 * - `step_started`: the object wrote it when it dispatched the step (`StepStart`); the handler's own is
 *   answered with it (`takeStepStart`).
 * - `step_completed`: held and carried back in the delivery's answer, where the object writes it (`StepEnd`,
 *   `holdStepEnd`, `withStepEnd`).
 * - The handler's wake of the workflow after the step's end: the object queues that wake itself, in the same
 *   transaction as the end (`stepEndedWithin`), so the run queue answers the handler's wake with the id noted
 *   here (`noteWoken` for an end written over RPC, `holdStepEnd` for a held one) instead of a second message.
 * Outside a step delivery nothing is held or noted and every call goes out.
 */
import { newMessageId } from '@workflow-world-cloudflare/core';
import type { Outcome } from '@workflow-world-cloudflare/queue-cf';
import type { CreateEventCall, CreateEventOutcome, RpcResult } from './protocol.js';
import { sharedAsyncContext } from './shared-context.js';

/**
 * `step_started` of a step, already written by the run's object when it dispatched the step: the DevKit's
 * step handler writes it first thing, and the object answers it from here instead of a round trip back to the
 * object (one RPC per step fewer). The result is the object's answer as the RPC would have carried it,
 * refusals included (a step already ended: `EntityConflictError`).
 */
export interface StepStart {
  runId: string;
  stepId: string;
  result: RpcResult<CreateEventOutcome>;
}

/**
 * The `step_completed` of a step its object dispatched, as the DevKit's handler wrote it: held in the step's
 * invocation and carried back in the delivery's answer, where the object writes it (one RPC per step fewer).
 * `wakeId`: the id the handler's wake of the workflow was answered with; the object's wake gets it.
 */
export interface StepEnd {
  call: CreateEventCall;
  wakeId: string;
}

/** How a step delivery ended, with its held `step_completed` when its handler wrote one (see {@link StepEnd}). */
export type StepOutcome = Outcome & { stepEnd?: StepEnd };

interface StepInvocation {
  /** Run id -> id of the wake its object queued for this delivery's step event. */
  woken: Map<string, string>;
  /** Run id -> stream writes of this step still in flight (the DevKit flushes them beside `step_completed`). */
  writes: Map<string, Set<Promise<unknown>>>;
  /** Run id -> why a write of this step can never succeed (e.g. a stream chunk over the limit). */
  failures: Map<string, Error>;
  /** Background work the DevKit handed to `waitUntil` during this step: the flush of its streams. */
  background: Set<Promise<unknown>>;
  /** The step's `step_started`, written at dispatch; taken by the handler's own `step_started`. */
  start: StepStart | undefined;
  /** The step its object dispatched (from `start`): the one whose `step_completed` is held. */
  step: { runId: string; stepId: string } | undefined;
  /** That step's `step_completed`, held for the delivery's answer. */
  end: StepEnd | undefined;
}

/**
 * Longest `step_completed` waits for the step's stream flushes. They end when the step closed or released its
 * writers (the DevKit notices a released lock within 100 ms); a step that returns still holding a writer never
 * ends its flush, and must not hold its own completion hostage.
 */
const FLUSH_WAIT_MS = 5_000;

const context = sharedAsyncContext<StepInvocation>('step-invocation');

/**
 * Runs one step delivery's handler (and everything it starts) as a step invocation; `start` is the step's
 * `step_started` as its object already wrote it, when it did.
 */
export function withStepInvocation<T>(fn: () => T, start?: StepStart): T {
  const step = start && { runId: start.runId, stepId: start.stepId };
  return context.run({ woken: new Map(), writes: new Map(), failures: new Map(), background: new Set(), start, step, end: undefined }, fn);
}

/**
 * Holds `call`, the `step_completed` of the step this invocation's object dispatched, for the delivery's answer,
 * and notes the wake the object will queue with it. Returns false (the caller writes it as usual) for any other
 * step, a second end, or outside such an invocation. The DevKit's handler only looks at whether that write was
 * refused as a conflict, and a handler that returns has nothing left to do but its wake: what it would have
 * learned from the write, the object learns when it writes the held end (`StepOutcome.stepEnd`).
 */
export function holdStepEnd(call: CreateEventCall): boolean {
  const invocation = context.getStore();
  const step = invocation?.step;
  if (!invocation || invocation.end || step?.runId !== call.runId || step.stepId !== call.event.correlationId) return false;
  const wakeId = newMessageId();
  invocation.end = { call, wakeId };
  invocation.woken.set(call.runId, wakeId);
  return true;
}

/** The `step_completed` this invocation held, with `outcome` (see {@link holdStepEnd}); taken once. */
export function withStepEnd(outcome: Outcome): StepOutcome {
  const invocation = context.getStore();
  const end = invocation?.end;
  if (!invocation || !end) return outcome;
  invocation.end = undefined;
  return { ...outcome, stepEnd: end };
}

/** The `step_started` answer the object wrote for step `stepId` of `runId` at dispatch, consumed (once). */
export function takeStepStart(runId: string, stepId: string): RpcResult<CreateEventOutcome> | undefined {
  const invocation = context.getStore();
  const start = invocation?.start;
  if (!invocation || start?.runId !== runId || start.stepId !== stepId) return undefined;
  invocation.start = undefined;
  return start.result;
}

/** Whether the caller runs inside a step delivery (its body, or the DevKit's handler around it). */
export function inStepInvocation(): boolean {
  return context.getStore() !== undefined;
}

/**
 * Tracks a stream write of this step to `runId`; one that fails with an error `isFatal` accepts is noted, and
 * the step's `step_completed` becomes a `step_failed` (see `settleStepWrites`). Outside a step: `write` itself.
 */
export function trackStepWrite<T>(runId: string, write: Promise<T>, isFatal: (error: unknown) => boolean): Promise<T> {
  const invocation = context.getStore();
  if (!invocation) return write;
  const inFlight = invocation.writes.get(runId) ?? new Set();
  invocation.writes.set(runId, inFlight);
  const tracked = write.catch((error: unknown) => {
    if (isFatal(error) && !invocation.failures.has(runId)) invocation.failures.set(runId, error as Error);
    throw error;
  });
  const settled = tracked.then(
    () => undefined,
    () => undefined,
  );
  inFlight.add(settled);
  void settled.then(() => inFlight.delete(settled));
  return tracked;
}

/** Background work handed to `waitUntil` inside a step delivery (the DevKit's stream flushes): see below. */
export function noteStepBackground(promise: Promise<unknown>): void {
  context.getStore()?.background.add(promise);
}

/**
 * Waits for this step's stream flushes (bounded) and writes to `runId` in flight, then returns (and forgets) the error of
 * one that can never succeed, if any. The DevKit writes `step_completed` while it flushes the step's streams in
 * the background and only logs a failed flush; asking here lets the storage fail the step instead of
 * completing it with its stream data silently lost.
 */
export async function settleStepWrites(runId: string): Promise<Error | undefined> {
  const invocation = context.getStore();
  if (!invocation) return undefined;
  // The DevKit hands its flush to `waitUntil` through a dynamic `import()`, so it arrives a few microtasks after
  // the handler moved on to `step_completed`: one macrotask later it is here.
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (invocation.background.size > 0) {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const bound = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, FLUSH_WAIT_MS);
    });
    await Promise.race([Promise.allSettled(invocation.background), bound]);
    clearTimeout(timer);
    invocation.background.clear();
  }
  const inFlight = invocation.writes.get(runId);
  if (inFlight?.size) await Promise.all(inFlight);
  const failure = invocation.failures.get(runId);
  invocation.failures.delete(runId);
  return failure;
}

/** The object of `runId` queued wake `messageId` for the step event just written in this invocation. */
export function noteWoken(runId: string, messageId: string): void {
  context.getStore()?.woken.set(runId, messageId);
}

/** The wake already queued for `runId` in this invocation, consumed (a later wake is sent as usual). */
export function takeWoken(runId: string): string | undefined {
  const woken = context.getStore()?.woken;
  const messageId = woken?.get(runId);
  if (messageId !== undefined) woken?.delete(runId);
  return messageId;
}
