/**
 * Errors to HTTP answers for the run object's routes: `{ error: { name, message } }` with the status the World
 * uses for the same failure (the reference worlds' HTTP statuses), so an HTTP client can branch on either.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The JSON body of every failed route. */
export interface HttpErrorBody {
  error: { name: string; message: string; code?: string };
}

/** The status of each `@workflow/errors` class the state machine throws on purpose. */
const STATUS_BY_NAME: Record<string, ContentfulStatusCode> = {
  WorkflowRunNotFoundError: 404,
  HookNotFoundError: 404,
  EntityConflictError: 409,
  RunExpiredError: 410,
  PreconditionFailedError: 412,
  TooEarlyError: 425,
  // A run written by a newer DevKit: the caller must upgrade, retrying cannot help.
  RunNotSupportedError: 400,
};

/** 400 bad input, 404 not found, 409 conflict, 410 expired, 412 precondition, 413 too large, 425 too early; else 500. */
export function httpStatusOf(err: unknown): ContentfulStatusCode {
  if (!(err instanceof Error)) return 500;
  if (CloudflareWorldError.is(err)) return err.status as ContentfulStatusCode;
  const byName = STATUS_BY_NAME[err.name];
  if (byName) return byName;
  // WorkflowWorldError carries its own status when it has one (400 bad run id, 404 unknown step).
  const status = (err as { status?: unknown }).status;
  if (err.name === 'WorkflowWorldError' && typeof status === 'number' && status >= 400 && status < 600) {
    return status as ContentfulStatusCode;
  }
  return 500;
}

export function httpErrorBody(err: unknown): HttpErrorBody {
  if (!(err instanceof Error)) return { error: { name: 'Error', message: String(err) } };
  const code = CloudflareWorldError.is(err) ? { code: err.code } : {};
  return { error: { name: err.name, message: err.message, ...code } };
}
