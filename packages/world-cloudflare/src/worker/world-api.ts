/**
 * The World API: this Worker's World over HTTP, for the remote World (`workflow-world-cloudflare/remote`) that
 * the DevKit's CLI, its web UI and Node services load. Served by `createWorkflowWorker` under
 * `/.well-known/workflow/v1/world/` when a token secret is bound (see `world-api-auth.ts`); the protocol is in
 * `remote/protocol.ts`.
 *
 * Nothing here logs a payload: a failure that is not one of the World's own errors is logged by name and
 * method only, and the caller gets a generic 500.
 */
import { CloudflareWorldError, httpStatusOf, type RpcError, toRpcError, zodProblems } from '@workflow-world-cloudflare/core';
import type { Event, Hook, World } from '@workflow/world';
import { z } from 'zod';
import {
  type Access,
  CALL_ROUTE,
  type CallRequest,
  DEVALUE_CONTENT_TYPE,
  decodeBody,
  encodeBody,
  FRAMED_CONTENT_TYPE,
  frameChunks,
  isWorldApiMethod,
  methodPath,
  REDACTED_TOKEN,
  STREAM_ROUTE,
  WORLD_API_METHODS,
  WORLD_API_PATH,
  type WorldApiMethod,
} from '../remote/protocol.js';
import {
  type AuthFailure,
  authenticate,
  BadTokenLimiter,
  clientAddress,
  weakTokenFailure,
  type WorldApiVars,
  worldApiTokens,
} from './world-api-auth.js';

/** Arguments of one call: at most a handful, as every World method takes. */
const CallSchema = z.strictObject({
  method: z.string().refine(isWorldApiMethod, { message: 'not a World API method' }),
  args: z.array(z.unknown()).max(4),
});

const limiter = new BadTokenLimiter();

const failure = (status: number, error: RpcError, headers?: HeadersInit): Response =>
  Response.json({ error }, { status, ...(headers ? { headers } : {}) });

const authFailure = (f: AuthFailure): Response =>
  failure(
    f.status,
    { name: 'WorkflowWorldError', message: f.message, status: f.status, code: f.code },
    f.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(f.retryAfterSeconds) },
  );

const notFound = (pathname: string): Response =>
  Response.json({ error: { name: 'NotFound', message: `No workflow route ${pathname}` } }, { status: 404 });

/** Answers one request under {@link WORLD_API_PATH}. */
export async function serveWorldApi(request: Request, world: World, vars: WorldApiVars): Promise<Response> {
  const { pathname, searchParams } = new URL(request.url);
  const tokens = worldApiTokens(vars);
  // Off by default: without a token the routes do not exist.
  if (tokens === null) return notFound(pathname);
  const weak = weakTokenFailure(tokens);
  if (weak) return authFailure(weak);
  const address = clientAddress(request);
  const locked = limiter.check(address);
  if (locked) return authFailure(locked);
  const access = await authenticate(request, tokens);
  if (typeof access !== 'string') {
    if (access.code === 'WORLD_API_TOKEN_INVALID') limiter.fail(address);
    return authFailure(access);
  }

  const route = pathname.slice(WORLD_API_PATH.length);
  if (route === CALL_ROUTE && request.method === 'POST') return call(request, world, access);
  if (route === STREAM_ROUTE && request.method === 'GET') return stream(searchParams, world);
  return notFound(pathname);
}

async function call(request: Request, world: World, access: Access): Promise<Response> {
  let parsed: CallRequest;
  try {
    const body = CallSchema.safeParse(decodeBody(await request.text()));
    if (!body.success) throw new Error(zodProblems(body.error, 'body').join('; '));
    parsed = body.data as CallRequest;
  } catch (error) {
    const message = `Malformed World API call: ${(error as Error).message}`;
    return failure(400, { name: 'CloudflareWorldError', code: 'INVALID_ARGUMENT', message, status: 400 });
  }
  const { method, args } = parsed;
  if (WORLD_API_METHODS[method] === 'operate' && access !== 'operate') {
    const message = `${method} needs the operator token (WORKFLOW_WORLD_API_TOKEN); this is the read-only token`;
    return failure(403, { name: 'WorkflowWorldError', message, status: 403, code: 'READ_ONLY_TOKEN' });
  }
  try {
    const value = access === 'read' ? await readerView(method, world, args) : await invoke(world, method, args);
    return new Response(encodeBody(value), { headers: { 'content-type': DEVALUE_CONTENT_TYPE } });
  } catch (error) {
    return errorResponse(error, method);
  }
}

/** Calls `world.<method>(...args)`; `method` is one of {@link WORLD_API_METHODS}, checked before. */
function invoke(world: World, method: WorldApiMethod, args: unknown[]): Promise<unknown> {
  const [area, name] = methodPath(method);
  const target = (area === undefined ? world : (world as unknown as Record<string, unknown>)[area]) as Record<string, unknown>;
  const fn = target?.[name];
  if (typeof fn !== 'function') {
    throw new CloudflareWorldError('INVALID_ARGUMENT', `This World does not implement ${method}`);
  }
  return Promise.resolve((fn as (...a: unknown[]) => unknown).apply(target, args));
}

/** What a read-only token sees: no encryption keys, and hook tokens (credentials) redacted. */
async function readerView(method: WorldApiMethod, world: World, args: unknown[]): Promise<unknown> {
  if (method === 'getEncryptionKeyForRun') return undefined;
  const value = await invoke(world, method, args);
  switch (method) {
    case 'hooks.get':
    case 'hooks.getByToken':
      return redactHook(value as Hook);
    case 'hooks.list': {
      const page = value as { data: Hook[] };
      return { ...page, data: page.data.map(redactHook) };
    }
    case 'events.get':
      return redactEvent(value as Event);
    case 'events.list':
    case 'events.listByCorrelationId': {
      const page = value as { data: Event[] };
      return { ...page, data: page.data.map(redactEvent) };
    }
    default:
      return value;
  }
}

const redactHook = (hook: Hook): Hook => ({ ...hook, token: REDACTED_TOKEN });

function redactEvent(event: Event): Event {
  if (event.eventType !== 'hook_created' || !event.eventData || typeof event.eventData !== 'object') return event;
  return { ...event, eventData: { ...event.eventData, token: REDACTED_TOKEN } } as Event;
}

function stream(searchParams: URLSearchParams, world: World): Promise<Response> | Response {
  const name = searchParams.get('name');
  const start = searchParams.get('start');
  const startIndex = start === null ? undefined : Number(start);
  if (!name || (startIndex !== undefined && (!Number.isSafeInteger(startIndex) || startIndex < 0))) {
    const message = 'A stream read needs `name` and an optional non-negative integer `start`';
    return failure(400, { name: 'CloudflareWorldError', code: 'INVALID_ARGUMENT', message, status: 400 });
  }
  return world.readFromStream(name, startIndex).then(
    (chunks) => new Response(chunks.pipeThrough(frameChunks()), { headers: { 'content-type': FRAMED_CONTENT_TYPE } }),
    (error: unknown) => errorResponse(error, 'readFromStream'),
  );
}

function errorResponse(error: unknown, method: string): Response {
  const rpc = toRpcError(error);
  if (rpc) return failure(httpStatusOf(rpc), rpc);
  // Not one of the World's own errors: a bug or a platform failure. Its message may quote data; only its name is logged.
  console.error(`World API: ${method} failed with ${(error as Error)?.name ?? typeof error}`);
  return failure(500, { name: 'WorkflowWorldError', message: `${method} failed inside the Worker (see its log)`, status: 500, code: 'INTERNAL' });
}
