/**
 * `/.well-known/workflow/v1/webhook/:token` around the DevKit's generated handler, which decodes the token
 * outside its error handling (a malformed `%` escape threw a 500 with a stack page) and answers every failure
 * with an empty 404. Here the token is checked first and every failure is JSON with a stable `code`, like the
 * rest of the Worker's errors; what the workflow answers (`respondWith`) passes through untouched.
 */
import type { CloudflareWorld } from '../world.js';

type Code = 'MALFORMED_TOKEN' | 'MISSING_TOKEN' | 'HOOK_NOT_FOUND' | 'WEBHOOK_REJECTED';

const fail = (status: number, code: Code, message: string): Response =>
  Response.json({ error: { name: 'WebhookError', code, message } }, { status });

export async function serveWebhook(request: Request, world: CloudflareWorld, handle: (request: Request) => Promise<Response>): Promise<Response> {
  const raw = new URL(request.url).pathname.split('/').pop() ?? '';
  let token: string;
  try {
    token = decodeURIComponent(raw);
  } catch {
    return fail(400, 'MALFORMED_TOKEN', 'The webhook token in the URL is not valid percent-encoding');
  }
  if (token === '') return fail(400, 'MISSING_TOKEN', 'The webhook URL carries no token');
  try {
    await world.hooks.getByToken(token);
  } catch (error) {
    if ((error as Error).name === 'HookNotFoundError') return fail(404, 'HOOK_NOT_FOUND', 'No live webhook has this token');
    throw error;
  }
  const response = await handle(request);
  if (response.status < 400 || response.headers.get('content-type')?.includes('json') || response.body !== null) return response;
  return fail(response.status, 'WEBHOOK_REJECTED', 'The webhook could not resume its workflow (see the Worker log)');
}
