/**
 * The run objects' executor host for a Worker made by `createWorkflowWorker`: how a run object runs the
 * deliveries it decided to run.
 *
 * - A replay runs right there, in the object's isolate, through the DevKit's flow handler registered on this
 *   isolate's World (the object has made the run's storage and queue calls in-process around it).
 * - A step runs in a separate invocation of this same Worker: `ctx.exports.default.runWorkflowStep(delivery)`,
 *   the loopback binding to the Worker's own entrypoint (RPC only, unreachable from the Internet). That
 *   invocation has its own CPU budget and no wall-clock limit while the object waits for it, so a long or
 *   CPU-heavy step neither blocks the run's object nor is cut off after 30 s like `waitUntil` work. When the
 *   runtime offers no loopback (an older compatibility date), the step runs in the object's isolate instead.
 */
import type { HostContext, RunExecutionHost, StepOutcome, StepStart } from '@workflow-world-cloudflare/durable-coordinator';
import type { Delivery, Outcome } from '@workflow-world-cloudflare/queue-cf';
import type { CloudflareWorld } from '../world.js';

/** What the run object calls on the Worker's default entrypoint to run one step. */
export interface StepEntrypoint {
  /**
   * `start`: the step's `step_started` as the run's object wrote it at dispatch (see durable-coordinator's
   * `StepStart`). The answer carries the step's `step_completed`, held for the object to write (`StepOutcome`).
   */
  runWorkflowStep(delivery: Delivery, start?: StepStart): Promise<StepOutcome>;
}

export interface RunHostOptions {
  /** This isolate's World, with the DevKit's handlers registered on it (created on first use). */
  prepare(env: unknown): Promise<CloudflareWorld>;
  /** Step deliveries of one run in flight at once. */
  maxConcurrentSteps: number;
}

/** Backoff when the World could not even be prepared (same shape as the queue's: 1 s doubling, 15 min cap). */
function fallbackFailure(attempt: number, error: unknown): Outcome {
  return {
    kind: 'failed',
    error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
    maxAttempts: 64,
    delayMs: Math.min(900_000, 1000 * 2 ** Math.max(0, attempt - 1)),
  };
}

function stepEntrypointOf(context: HostContext): StepEntrypoint | undefined {
  const entry = (context.exports as { default?: Partial<StepEntrypoint> } | undefined)?.default;
  return typeof entry?.runWorkflowStep === 'function' ? (entry as StepEntrypoint) : undefined;
}

export function createRunHost(options: RunHostOptions): RunExecutionHost {
  let world: CloudflareWorld | undefined;
  const failure = (attempt: number, error: unknown): Outcome =>
    world ? world.failure(attempt, error) : fallbackFailure(attempt, error);

  async function deliverHere(delivery: Delivery, env: unknown): Promise<Outcome> {
    try {
      world = await options.prepare(env);
    } catch (error) {
      return failure(delivery.attempt, error);
    }
    return world.deliver(delivery);
  }

  return {
    maxConcurrentSteps: options.maxConcurrentSteps,
    failure,
    runFlow: (delivery, context) => deliverHere(delivery, context.env),
    async runStep(delivery, context, start) {
      const entry = stepEntrypointOf(context);
      // In the object's isolate the object's own step invocation already holds `start`.
      if (!entry) return deliverHere(delivery, context.env);
      try {
        return await entry.runWorkflowStep(delivery, start);
      } catch (error) {
        // The invocation itself failed (exceeded its CPU limit, crashed): a failed attempt, retried with backoff.
        return failure(delivery.attempt, error);
      }
    },
  };
}
