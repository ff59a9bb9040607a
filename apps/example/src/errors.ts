/** One place that turns errors into JSON responses. DevKit errors are matched by name, as the runtime does. */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

const STATUS_BY_NAME: Record<string, ContentfulStatusCode> = {
  WorkflowRunNotFoundError: 404,
  HookNotFoundError: 404,
  EntityConflictError: 409,
  RunExpiredError: 410,
  TooEarlyError: 425,
};

export function errorResponse(error: Error, c: Context): Response {
  if (error instanceof HTTPException) {
    if (error.res) return error.getResponse(); // a middleware's own answer (bearerAuth: JSON with a code)
    return c.json({ error: { name: 'HTTPException', message: error.message } }, error.status);
  }
  const status =
    STATUS_BY_NAME[error.name] ??
    (error.name === 'CloudflareWorldError' ? ((error as Error & { status: number }).status as ContentfulStatusCode) : 500);
  if (status >= 500) console.error(error);
  // This World's errors carry a stable code (`CloudflareWorldError.code`): clients branch on it, not on the text.
  const code = error.name === 'CloudflareWorldError' ? (error as Error & { code?: string }).code : undefined;
  return c.json({ error: { name: error.name, ...(code ? { code } : {}), message: error.message } }, status);
}

export const notFound = (message: string) => new HTTPException(404, { message });
export const badRequest = (message: string) => new HTTPException(400, { message });
