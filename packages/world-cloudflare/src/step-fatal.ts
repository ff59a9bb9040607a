/**
 * Stream writes that no retry can fix, made fatal for the step that made them.
 *
 * A stream chunk over `MAX_PAYLOAD_BYTES` is refused with `CloudflareWorldError` `PAYLOAD_TOO_LARGE` before
 * anything is written, and would be refused again on every attempt. The DevKit 4.8 step handler flushes a step's
 * stream writes in the background beside `step_completed` and only logs a failed flush, so on its own the step
 * would complete with its stream data silently lost. Inside a step delivery the write is therefore tracked: the
 * storage waits for it before writing the step's `step_completed`, and records a `step_failed` naming the size,
 * the limit and the setting instead (see durable-coordinator's `settleStepWrites`). The error the DevKit sees
 * is a `FatalError` (never retried) with the original as `cause`; outside a step (a direct caller of the World)
 * the typed `CloudflareWorldError` is thrown as it is.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { inStepInvocation, trackStepWrite } from '@workflow-world-cloudflare/durable-coordinator';
import { FatalError } from '@workflow/errors';

const isTooLarge = (error: unknown): boolean => error instanceof CloudflareWorldError && error.code === 'PAYLOAD_TOO_LARGE';

/** A stream write `(name, runId, …)` whose refusals for size fail the calling step for good. */
export function failFatallyInSteps<A extends [string, string, ...unknown[]], R>(write: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await trackStepWrite(args[1], write(...args), isTooLarge);
    } catch (error) {
      if (!isTooLarge(error) || !inStepInvocation()) throw error;
      const fatal = new FatalError(`PAYLOAD_TOO_LARGE: ${(error as Error).message}`);
      (fatal as Error).cause = error;
      throw fatal;
    }
  };
}
