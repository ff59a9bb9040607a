/**
 * A value too large to store can never be stored on a retry either. When a step's result or a run's output
 * is over the limit, the storage records the terminal failure in its place — `step_failed` /
 * `run_failed` with a `PAYLOAD_TOO_LARGE` error naming the size, the limit and the setting — instead of
 * throwing: a throw would make the DevKit redeliver the step (running its body again) or the replay until
 * its attempts ran out, with no word about size. Everything else that is too large (a hook payload, a run
 * input) still throws, to the caller who can send less.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import type { AnyEventRequest } from '@workflow/world';

const advice =
  'Raise MAX_PAYLOAD_BYTES (workflow-world-cloudflare config) if your values are legitimately this large, or keep large data ' +
  'outside the workflow (e.g. in R2) and pass a key.';

/** Whether `error` says a value was too large to store (it will be on every retry too). */
export function isTooLarge(error: unknown): error is CloudflareWorldError<'PAYLOAD_TOO_LARGE'> {
  return CloudflareWorldError.is(error) && error.code === 'PAYLOAD_TOO_LARGE';
}

/**
 * The `step_failed` to record instead of a step's `step_completed` when a stream write of that step was refused
 * for good (`error`, e.g. a chunk over the limit): its stream data could never be stored, however often the step
 * ran, so the step fails once instead of completing with the data lost.
 */
export function failureForLostWrite(event: AnyEventRequest & { correlationId?: string }, error: Error): AnyEventRequest {
  const reason = isTooLarge(error) ? `PAYLOAD_TOO_LARGE: ${error.message}. ${advice}` : `A stream write of this step failed for good: ${error.message}`;
  return {
    eventType: 'step_failed',
    specVersion: event.specVersion,
    correlationId: event.correlationId,
    eventData: { error: { message: reason } },
  } as AnyEventRequest;
}

/** The failure to record instead of `event`, when `error` says `event` was too large to store; else `undefined`. */
export function failureForOversized(event: AnyEventRequest, error: unknown): AnyEventRequest | undefined {
  if (!isTooLarge(error)) return undefined;
  const details = (error.details ?? {}) as { size?: number; limit?: number; maxPayloadBytes?: number };
  const size = details.size === undefined ? 'a value' : `${details.size} bytes`;
  const max = details.limit ?? details.maxPayloadBytes;
  const limit = max === undefined ? '' : ` (limit ${max} bytes)`;
  switch (event.eventType) {
    case 'step_completed':
      return {
        eventType: 'step_failed',
        specVersion: event.specVersion,
        correlationId: event.correlationId,
        eventData: { error: { message: `PAYLOAD_TOO_LARGE: the step's result is ${size}, too large to store${limit}. ${advice}` } },
      } as AnyEventRequest;
    case 'run_completed':
      return {
        eventType: 'run_failed',
        specVersion: event.specVersion,
        eventData: {
          error: { message: `PAYLOAD_TOO_LARGE: the workflow's return value is ${size}, too large to store${limit}. ${advice}` },
          errorCode: 'PAYLOAD_TOO_LARGE',
        },
      } as AnyEventRequest;
    default:
      return undefined;
  }
}
