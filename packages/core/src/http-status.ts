/**
 * The HTTP status of a World failure, wherever one crosses HTTP (the run object's seed routes, the World API):
 * the reference worlds' statuses for the `@workflow/errors` classes, a `CloudflareWorldError`'s own status for
 * its code, and 500 for anything else (a bug or a platform failure).
 */

/** The status of each `@workflow/errors` class the World throws on purpose. */
const STATUS_BY_NAME: Readonly<Record<string, number>> = {
  WorkflowRunNotFoundError: 404,
  HookNotFoundError: 404,
  EntityConflictError: 409,
  RunExpiredError: 410,
  PreconditionFailedError: 412,
  TooEarlyError: 425,
  // A run written by a newer DevKit: the caller must upgrade, retrying cannot help.
  RunNotSupportedError: 400,
};

/**
 * 400 bad input, 404 not found, 409 conflict, 410 expired, 412 precondition, 413 too large, 425 too early; else
 * 500. Takes an error or its data form (`RpcError`).
 */
export function httpStatusOf(err: unknown): number {
  if (typeof err !== 'object' || err === null) return 500;
  const { name, status } = err as { name?: unknown; status?: unknown };
  const byName = typeof name === 'string' ? STATUS_BY_NAME[name] : undefined;
  if (byName) return byName;
  // CloudflareWorldError has the status of its code; WorkflowWorldError carries one when it has one (400 bad run
  // id, 404 unknown step).
  const carries = name === 'CloudflareWorldError' || name === 'WorkflowWorldError';
  if (carries && typeof status === 'number' && status >= 400 && status < 600) return status;
  return 500;
}
