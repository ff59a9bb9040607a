/**
 * Errors to HTTP answers for the run object's routes: `{ error: { name, message } }` with the status the World
 * uses for the same failure (the reference worlds' HTTP statuses), so an HTTP client can branch on either.
 */
import { CloudflareWorldError, httpStatusOf as coreStatusOf } from '@workflow-world-cloudflare/core';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The JSON body of every failed route. */
export interface HttpErrorBody {
  error: { name: string; message: string; code?: string };
}

/** 400 bad input, 404 not found, 409 conflict, 410 expired, 412 precondition, 413 too large, 425 too early; else 500. */
export const httpStatusOf = (err: unknown): ContentfulStatusCode => (err instanceof Error ? coreStatusOf(err) : 500) as ContentfulStatusCode;

export function httpErrorBody(err: unknown): HttpErrorBody {
  if (!(err instanceof Error)) return { error: { name: 'Error', message: String(err) } };
  const code = CloudflareWorldError.is(err) ? { code: err.code } : {};
  return { error: { name: err.name, message: err.message, ...code } };
}
