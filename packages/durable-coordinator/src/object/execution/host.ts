/**
 * Who runs a run's deliveries. The run object keeps the messages, decides when and in which order they run
 * (one replay at a time, steps in parallel) and records how they ended; the host — registered by the Worker
 * that loads the DevKit's handlers (`createWorkflowWorker` in the umbrella) — runs them. Registered per
 * isolate, on `globalThis`, because the object cannot be handed a factory: the platform constructs it.
 */
import type { Delivery, Outcome } from '@workflow-world-cloudflare/queue-cf';
import type { StepOutcome, StepStart } from '../../step-invocation.js';

/** What the host gets besides the delivery: the object's bindings and its loopback exports. */
export interface HostContext {
  env: unknown;
  /** `ctx.exports` of the object (loopback bindings to the Worker's own entrypoints), when the runtime has it. */
  exports: unknown;
}

export interface RunExecutionHost {
  /**
   * Runs a workflow (replay) delivery in this isolate. The object calls it inside the run's local context, so
   * the run's storage and queue calls are in-process. Never throws: failures are `failed` outcomes.
   */
  runFlow(delivery: Delivery, context: HostContext): Promise<Outcome>;
  /**
   * Runs a step delivery, in a separate invocation when the host can (a long or CPU-heavy step then never
   * blocks the run's object). `start`: the step's `step_started` as the object already wrote it, for that
   * invocation's `withStepInvocation`. A separate invocation answers with the step's held `step_completed`
   * (`withStepEnd`); the object writes it. Never throws.
   */
  runStep(delivery: Delivery, context: HostContext, start?: StepStart): Promise<StepOutcome>;
  /** The outcome of delivery `attempt` when it could not even start (body unreadable, host missing). */
  failure(attempt: number, error: unknown): Outcome;
  /** Step deliveries of one run that may be in flight at once. */
  maxConcurrentSteps: number;
}

const SLOT = Symbol.for('workflow-world-cloudflare/run-execution-host');
type Slot = { [SLOT]?: RunExecutionHost };

/** Registers this isolate's host (the last registration wins). */
export function setRunExecutionHost(host: RunExecutionHost): void {
  (globalThis as typeof globalThis & Slot)[SLOT] = host;
}

/** This isolate's host, if one was registered. */
export function runExecutionHost(): RunExecutionHost | undefined {
  return (globalThis as typeof globalThis & Slot)[SLOT];
}
