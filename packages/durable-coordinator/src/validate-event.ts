/**
 * The edge of `events.create`: the request must pass the DevKit's own `CreateEventSchema` (which excludes
 * the World-only `hook_conflict`), and a client run id must be a recent ULID, as the reference worlds require.
 */
import { CloudflareWorldError, newRunId, zodProblems } from '@workflow-world-cloudflare/core';
import { WorkflowWorldError } from '@workflow/errors';
import { type AnyEventRequest, CreateEventSchema, type StructuredError, validateUlidTimestamp } from '@workflow/world';
import { keepCancelReason } from './cancel-reason.js';

/** Ids are keys in SQLite and D1; anything longer is not an id. */
const MAX_ID_LENGTH = 1024;

export interface ValidatedEvent {
  runId: string;
  event: AnyEventRequest;
}

/** @throws CloudflareWorldError `INVALID_EVENT`; WorkflowWorldError for a stale or malformed client run id. */
export function validateEvent(runId: string | null, data: unknown): ValidatedEvent {
  const parsed = CreateEventSchema.safeParse(data);
  if (!parsed.success) {
    const type = typeof data === 'object' && data !== null ? (data as { eventType?: unknown }).eventType : undefined;
    const problems = zodProblems(parsed.error, '(event)');
    throw new CloudflareWorldError('INVALID_EVENT', `Invalid ${String(type ?? 'event')} request: ${problems.join('; ')}`, {
      cause: parsed.error,
      details: { issues: problems },
    });
  }
  const event = keepCancelReason(parsed.data, data);
  const effectiveRunId = resolveRunId(runId, event);
  const ids = [effectiveRunId, event.correlationId, event.eventType === 'hook_created' ? event.eventData.token : undefined];
  if (ids.some((id) => id !== undefined && id.length > MAX_ID_LENGTH)) {
    throw new CloudflareWorldError('INVALID_EVENT', `Ids (runId, correlationId, token) are limited to ${MAX_ID_LENGTH} characters`);
  }
  return { runId: effectiveRunId, event };
}

function resolveRunId(runId: string | null, event: AnyEventRequest): string {
  if (event.eventType !== 'run_created') {
    if (!runId) throw new CloudflareWorldError('INVALID_EVENT', `runId is required for ${event.eventType} events`);
    return runId;
  }
  if (!runId) return newRunId();
  const problem = validateUlidTimestamp(runId, 'wrun_');
  if (problem) throw new WorkflowWorldError(problem, { status: 400 });
  return runId;
}

/** The entity error of `run_failed` / `step_failed` / `step_retrying`, built as the reference worlds build it. */
export function structuredErrorOf(event: AnyEventRequest): StructuredError | undefined {
  switch (event.eventType) {
    case 'run_failed':
      return compact({ message: messageOf(event.eventData.error), stack: stackOf(event.eventData.error), code: event.eventData.errorCode });
    case 'step_failed':
    case 'step_retrying':
      return compact({ message: messageOf(event.eventData.error), stack: event.eventData.stack });
    default:
      return undefined;
  }
}

function messageOf(error: unknown): string {
  if (typeof error === 'string') return error;
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : 'Unknown error';
}

function stackOf(error: unknown): string | undefined {
  const stack = (error as { stack?: unknown } | null | undefined)?.stack;
  return typeof stack === 'string' ? stack : undefined;
}

function compact(e: StructuredError): StructuredError {
  return Object.fromEntries(Object.entries(e).filter(([, v]) => v !== undefined)) as StructuredError;
}
