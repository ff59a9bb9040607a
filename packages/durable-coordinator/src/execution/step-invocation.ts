/**
 * One step delivery, on whichever isolate runs it. After a step ends, the DevKit's step handler writes
 * `step_completed` (or `step_failed`) and then queues a plain wake of the workflow. The run's object already
 * queued that wake itself, in the same transaction as the event (see `autoWakeAfter`), and said so in its
 * answer; the storage notes it here, and the run queue answers the handler's own wake with the stored one
 * instead of a second round trip. Outside a step delivery nothing is noted and every wake is sent.
 */
import { sharedAsyncContext } from './shared-context.js';

interface StepInvocation {
  /** Run id -> id of the wake its object queued for this delivery's step event. */
  woken: Map<string, string>;
}

const context = sharedAsyncContext<StepInvocation>('step-invocation');

/** Runs one step delivery's handler (and everything it starts) as a step invocation. */
export function withStepInvocation<T>(fn: () => T): T {
  return context.run({ woken: new Map() }, fn);
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
