/**
 * `run_cancelled` may carry `eventData: { cancelReason }` (a string of at most 512 characters): the shape DevKit 5
 * gives it. The 4.5 schemas this World validates with have no `eventData` on `run_cancelled` and strip it, so
 * each place that parses an event with them (the storage's edge, the run object's re-check, the reads) puts the
 * reason back with {@link keepCancelReason}. Replay ignores it; operators and the web UI read it.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';

/** As DevKit 5 sizes it (`RunCancelledEventSchema`, `BulkCancelWorkflowRunsRequestSchema`). */
export const MAX_CANCEL_REASON_LENGTH = 512;

/**
 * `parsed` (the schema's output for `raw`) with `raw`'s cancel reason, when `raw` is a `run_cancelled` that has one.
 *
 * @throws CloudflareWorldError `INVALID_EVENT` when the reason is not a string of at most 512 characters.
 */
export function keepCancelReason<T extends { eventType: string }>(parsed: T, raw: unknown): T {
  if (parsed.eventType !== 'run_cancelled') return parsed;
  const reason = ((raw as { eventData?: unknown }).eventData as { cancelReason?: unknown } | undefined)?.cancelReason;
  if (reason === undefined) return parsed;
  if (typeof reason !== 'string' || reason.length > MAX_CANCEL_REASON_LENGTH) {
    throw new CloudflareWorldError(
      'INVALID_EVENT',
      `Invalid run_cancelled request: eventData.cancelReason must be a string of at most ${MAX_CANCEL_REASON_LENGTH} characters`,
    );
  }
  return { ...parsed, eventData: { cancelReason: reason } };
}
