/**
 * The example's HTTP API (documented in README.md). The DevKit's own client API (`workflow/api`) starts runs,
 * reads their results and resumes hooks, exactly as in the DevKit docs: `start(processOrder, args)` with the
 * workflow function imported from its file (the build applies the DevKit's client transform to this code).
 * The World (`getCloudflareWorld(env)`) answers the lists and the operator actions. Which routes are public and
 * which need the API token: `auth.ts`.
 */
import { wakeUpRun } from '@workflow/core/runtime';
import { Hono } from 'hono';
import { getRun, resumeHook, start } from 'workflow/api';
import { getCloudflareWorld } from 'workflow-world-cloudflare';
import { operatorsOnly } from './auth.js';
import type { Env } from './env.js';
import { badRequest, errorResponse, notFound } from './errors.js';
import * as hooks from './workflows/hooks.js';
import * as large from './workflows/large.js';
import * as orders from './workflows/orders.js';
import * as retries from './workflows/retries.js';
import * as streaming from './workflows/streaming.js';
import * as timers from './workflows/timers.js';

// Workflows take different arguments; the API passes the JSON array it receives.
// biome-ignore lint/suspicious/noExplicitAny: any workflow signature
type Workflow = (...args: any[]) => Promise<unknown>;

/** Every exported workflow, by name: what `POST /runs/:workflow` starts. */
const WORKFLOWS: Readonly<Record<string, Workflow>> = { ...hooks, ...large, ...orders, ...retries, ...streaming, ...timers };

export const api = new Hono<{ Bindings: Env }>();
api.onError(errorResponse);

api.get('/health', (c) => c.json({ ok: true }));

api.get('/workflows', (c) => c.json({ workflows: Object.keys(WORKFLOWS).sort() }));

api.post('/runs/:workflow', async (c) => {
  const name = c.req.param('workflow');
  const workflow = Object.hasOwn(WORKFLOWS, name) ? WORKFLOWS[name] : undefined;
  if (!workflow) throw notFound(`Unknown workflow "${name}"`);
  let args: unknown;
  try {
    args = await c.req.json();
  } catch (cause) {
    throw badRequest(`Body must be a JSON array of arguments (${(cause as Error).message})`);
  }
  if (!Array.isArray(args)) throw badRequest('Body must be a JSON array of arguments');
  const run = await start(workflow, args);
  return c.json({ runId: run.runId }, 201);
});

api.get('/runs/:runId', operatorsOnly, async (c) => {
  const world = getCloudflareWorld(c.env);
  const run = await world.runs.get(c.req.param('runId'), { resolveData: 'none' });
  const view = {
    runId: run.runId,
    workflowName: run.workflowName,
    status: run.status,
    paused: run.executionContext?.paused === true,
    error: run.error,
    createdAt: run.createdAt,
    startedAt: run.startedAt,
    completedAt: run.completedAt,
  };
  if (run.status !== 'completed') return c.json(view);
  return c.json({ ...view, output: await getRun(run.runId).returnValue });
});

api.get('/runs/:runId/steps', operatorsOnly, async (c) => {
  const world = getCloudflareWorld(c.env);
  const runId = c.req.param('runId');
  await world.runs.get(runId, { resolveData: 'none' }); // 404 for unknown runs
  const { data } = await world.steps.list({ runId, resolveData: 'none', pagination: { limit: 1000, sortOrder: 'asc' } });
  return c.json({ data });
});

api.get('/runs/:runId/events', operatorsOnly, async (c) => {
  const world = getCloudflareWorld(c.env);
  const runId = c.req.param('runId');
  await world.runs.get(runId, { resolveData: 'none' });
  const { data } = await world.events.list({ runId, resolveData: 'none', pagination: { limit: 1000 } });
  return c.json({ data });
});

api.get('/runs/:runId/hooks', operatorsOnly, async (c) => {
  const world = getCloudflareWorld(c.env);
  const runId = c.req.param('runId');
  await world.runs.get(runId, { resolveData: 'none' });
  const { data } = await world.hooks.list({ runId, resolveData: 'none' });
  return c.json({ data: data.map(({ hookId, token, isWebhook, createdAt }) => ({ hookId, token, isWebhook, createdAt })) });
});

/** The run's default stream, live, as newline-delimited JSON (one line per chunk). */
api.get('/runs/:runId/readable', operatorsOnly, async (c) => {
  const world = getCloudflareWorld(c.env);
  const runId = c.req.param('runId');
  await world.runs.get(runId, { resolveData: 'none' });
  const encoder = new TextEncoder();
  const body = getRun(runId)
    .getReadable()
    .pipeThrough(
      new TransformStream<unknown, Uint8Array>({
        transform: (chunk, controller) => controller.enqueue(encoder.encode(`${JSON.stringify(chunk)}\n`)),
      }),
    );
  return new Response(body, { headers: { 'content-type': 'application/x-ndjson' } });
});

api.post('/hooks/:token', operatorsOnly, async (c) => {
  let payload: unknown;
  try {
    payload = await c.req.json();
  } catch (cause) {
    throw badRequest(`Body must be JSON (${(cause as Error).message})`);
  }
  const hook = await resumeHook(c.req.param('token'), payload);
  return c.json({ runId: hook.runId, hookId: hook.hookId });
});

api.post('/runs/:runId/cancel', operatorsOnly, async (c) => {
  const body = await optionalJson(c.req.raw);
  const cancelReason = (body as { cancelReason?: string } | undefined)?.cancelReason;
  const run = await getCloudflareWorld(c.env).control.cancel(c.req.param('runId'), cancelReason === undefined ? {} : { cancelReason });
  return c.json({ runId: run.runId, status: run.status });
});

/**
 * Bulk cancel: `{ runIds: [...≤500], cancelReason? }` cancels those runs; `{ workflowName, status?, limit?,
 * cancelReason? }` cancels that workflow's live runs, at most `limit` (≤ 500) per call (`hasMore`: call again).
 */
api.post('/cancellations', operatorsOnly, async (c) => {
  const body = await optionalJson(c.req.raw);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badRequest('Body must be a JSON object');
  const { runIds, cancelReason, ...filter } = body as { runIds?: unknown; cancelReason?: string };
  const control = getCloudflareWorld(c.env).control;
  if (runIds !== undefined) return c.json(await control.cancelMany(runIds as string[], cancelReason));
  return c.json(await control.cancelMatching(filter as { workflowName: string }, cancelReason));
});

/** This run's retention instead of RUN_RETENTION: `{ retention: 'forever' | 0 | '12h' | '7d' … }`, from its end. */
api.post('/runs/:runId/retention', operatorsOnly, async (c) => {
  const body = await optionalJson(c.req.raw);
  const retention = (body as { retention?: unknown } | undefined)?.retention;
  if (typeof retention !== 'string' && typeof retention !== 'number') throw badRequest('Body must be { "retention": "forever" | 0 | "7d" … }');
  const state = await getCloudflareWorld(c.env).control.setRetention(c.req.param('runId'), retention);
  return c.json({ runId: c.req.param('runId'), ...state });
});

api.post('/runs/:runId/pause', operatorsOnly, async (c) => {
  const world = getCloudflareWorld(c.env);
  await world.control.pause(c.req.param('runId'));
  return c.json({ runId: c.req.param('runId'), paused: true });
});

api.post('/runs/:runId/resume', operatorsOnly, async (c) => {
  const world = getCloudflareWorld(c.env);
  await world.control.resume(c.req.param('runId'));
  return c.json({ runId: c.req.param('runId'), paused: false });
});

/** Test-only: fires the run's pending sleeps now. Enabled by the `E2E_TEST_CONTROLS=1` var, off by default. */
api.post('/__test/runs/:runId/wake', operatorsOnly, async (c) => {
  if (c.env.E2E_TEST_CONTROLS !== '1') throw notFound('Test controls are disabled');
  const result = await wakeUpRun(getCloudflareWorld(c.env), c.req.param('runId'));
  return c.json({ woken: result.stoppedCount });
});

/** Test-only: what the run's object executes and holds (`world.control.inspect`). Enabled like the route above. */
api.get('/__test/runs/:runId/execution', operatorsOnly, async (c) => {
  if (c.env.E2E_TEST_CONTROLS !== '1') throw notFound('Test controls are disabled');
  return c.json(await getCloudflareWorld(c.env).control.inspect(c.req.param('runId')));
});

/** The request's JSON body, or `undefined` when it has none. */
async function optionalJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw badRequest(`Body must be JSON (${(cause as Error).message})`);
  }
}

api.notFound((c) => c.json({ error: { name: 'NotFound', message: `No route ${c.req.method} ${c.req.path}` } }, 404));
