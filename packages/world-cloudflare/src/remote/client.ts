/**
 * The remote World: a `@workflow/world` World that calls a Worker's World API over HTTPS (`protocol.ts`), for
 * Node and any runtime with `fetch`. What it reads is what the Worker's World reads (same values, same errors by
 * class); what it writes goes through the Worker's World, so every rule still applies there. It runs no
 * workflows: queue handlers live in the Worker.
 */
import { CloudflareWorldError, fromRpcError, type RpcError } from '@workflow-world-cloudflare/core';
import { WorkflowWorldError } from '@workflow/errors';
import { SPEC_VERSION_CURRENT, type World } from '@workflow/world';
import {
  CALL_ROUTE,
  DEVALUE_CONTENT_TYPE,
  decodeBody,
  encodeBody,
  STREAM_ROUTE,
  methodPath,
  unframeChunks,
  WORLD_API_METHODS,
  WORLD_API_PATH,
  type WorldApiMethod,
} from './protocol.js';

export interface RemoteWorldOptions {
  /** The Worker's base URL, e.g. `https://my-app.example.workers.dev` or `http://127.0.0.1:8787`. */
  url: string;
  /** `WORKFLOW_WORLD_API_TOKEN` (operator: reads and writes) or `WORKFLOW_WORLD_API_READ_TOKEN` (reads only). */
  token: string;
  /** The fetch to use (default: the global one). */
  fetch?: typeof fetch;
}

/** The remote World: the DevKit's World interface, plus the bulk cancel the Worker's World has. */
export type RemoteWorld = World & {
  readonly specVersion: number;
  runs: World['runs'] & { cancelMany(request: { runIds: string[]; cancelReason?: string }): Promise<unknown> };
};

/**
 * A World that talks to the Worker at `options.url`.
 *
 * @throws CloudflareWorldError `CONFIG_INVALID` when the URL is not an http(s) URL or the token is empty.
 * @example
 * ```ts
 * import { start } from 'workflow/api';
 * import { createRemoteWorld } from 'workflow-world-cloudflare/remote';
 * const world = createRemoteWorld({ url: 'https://my-app.example.workers.dev', token: process.env.WORLD_TOKEN! });
 * const run = await start({ workflowId: 'workflow//./src/workflows/order//processOrder' }, [order], { world });
 * console.log(await run.returnValue);
 * ```
 */
export function createRemoteWorld(options: RemoteWorldOptions): RemoteWorld {
  const base = apiBase(options.url);
  if (!options.token) throw new CloudflareWorldError('CONFIG_INVALID', 'The remote World needs a token (the Worker\'s WORKFLOW_WORLD_API_TOKEN or _READ_TOKEN)');
  const doFetch = options.fetch ?? ((input, init) => fetch(input, init));
  const authorization = `Bearer ${options.token}`;

  async function call<T>(method: WorldApiMethod, args: unknown[]): Promise<T> {
    const response = await doFetch(base + CALL_ROUTE, {
      method: 'POST',
      headers: { authorization, 'content-type': DEVALUE_CONTENT_TYPE },
      body: encodeBody({ method, args }),
    });
    if (!response.ok) throw await errorOf(response, base);
    return decodeBody(await response.text()) as T;
  }

  let deploymentId: Promise<string> | undefined;
  const world: Record<string, unknown> = {
    specVersion: SPEC_VERSION_CURRENT,
    // The DevKit builds its handlers when `workflow/api` loads, so this must not throw; a handler made here
    // answers every delivery 501: workflows and steps run in the Worker.
    createQueueHandler: () => async () =>
      Response.json(
        { error: { name: 'WorkflowWorldError', message: 'The remote World runs no queue handlers: workflows and steps run in the Worker (createWorkflowWorker)' } },
        { status: 501 },
      ),
    async readFromStream(name: string, startIndex?: number): Promise<ReadableStream<Uint8Array>> {
      const query = new URLSearchParams({ name, ...(startIndex === undefined ? {} : { start: String(startIndex) }) });
      const response = await doFetch(`${base}${STREAM_ROUTE}?${query}`, { headers: { authorization } });
      if (!response.ok) throw await errorOf(response, base);
      if (!response.body) return new ReadableStream({ start: (controller) => controller.close() });
      return response.body.pipeThrough(unframeChunks());
    },
  };
  // Every other method is one call, made from the same table the Worker serves.
  for (const method of Object.keys(WORLD_API_METHODS) as WorldApiMethod[]) {
    const [area, name] = methodPath(method);
    const fn = (...args: unknown[]) => call(method, args);
    if (area === undefined) world[name] = fn;
    else ((world[area] ??= {}) as Record<string, unknown>)[name] = fn;
  }
  // The deployment id does not change while the Worker runs: asked once.
  world.getDeploymentId = () => {
    deploymentId ??= call<string>('getDeploymentId', []).catch((error: unknown) => {
      deploymentId = undefined;
      throw error;
    });
    return deploymentId;
  };
  return world as unknown as RemoteWorld;
}

/**
 * The DevKit's loader form (`WORKFLOW_TARGET_WORLD=workflow-world-cloudflare/remote`, `workflow inspect
 * --backend workflow-world-cloudflare/remote`, `workflow web`): a World from `WORKFLOW_CLOUDFLARE_URL` and
 * `WORKFLOW_CLOUDFLARE_TOKEN`.
 *
 * @throws CloudflareWorldError `CONFIG_INVALID` naming the variable that is missing.
 */
export function createWorld(): RemoteWorld {
  const env = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env ?? {};
  const needed = {
    WORKFLOW_CLOUDFLARE_URL: "the Worker's URL",
    WORKFLOW_CLOUDFLARE_TOKEN: "the Worker's WORKFLOW_WORLD_API_TOKEN (or _READ_TOKEN)",
  };
  const missing = Object.entries(needed).filter(([name]) => !env[name]);
  if (missing.length > 0) {
    throw new CloudflareWorldError('CONFIG_INVALID', `The remote World needs ${missing.map(([name, what]) => `${name} (${what})`).join(' and ')}`);
  }
  return createRemoteWorld({ url: env.WORKFLOW_CLOUDFLARE_URL as string, token: env.WORKFLOW_CLOUDFLARE_TOKEN as string });
}

function apiBase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CloudflareWorldError('CONFIG_INVALID', `The remote World's URL is not a URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new CloudflareWorldError('CONFIG_INVALID', `The remote World's URL must be http(s), not ${parsed.protocol}`);
  }
  // Keeps a path prefix (a Worker on a route such as example.com/app/*).
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}${WORLD_API_PATH}`;
}

/** The error a failed response stands for, as the exact class the Worker's World threw. */
async function errorOf(response: Response, base: string): Promise<Error> {
  let body: { error?: RpcError } | undefined;
  try {
    body = (await response.json()) as { error?: RpcError };
  } catch {
    body = undefined;
  }
  const error = body?.error;
  if (error?.name === 'NotFound') {
    return new WorkflowWorldError(`${base} serves no World API: bind WORKFLOW_WORLD_API_TOKEN (or _READ_TOKEN) on the Worker`, {
      status: 404,
      code: 'WORLD_API_OFF',
    });
  }
  if (error && typeof error.name === 'string' && typeof error.message === 'string') return fromRpcError(error);
  return new WorkflowWorldError(`The World API answered ${response.status} ${response.statusText}`.trim(), { status: response.status });
}
