/**
 * The bench Worker: the benchmark's workflows on workflow-world-cloudflare with the defaults a user gets
 * (`createWorkflowWorker`, the example's bindings). Routes, all JSON:
 * - `POST /start/:workflow` (body: the arguments array): `start()` inside the Worker; answers the run id, the
 *   time just before `start()` (`t0`) and how long the call took (`startMs`).
 * - `GET /runs?ids=a,b,…`: status, `createdAt` / `completedAt` (ms) and output of each run.
 * - `POST /ended` (body: run ids): the ones that have ended, from one or two pages of `runs.list` (D1).
 * - `GET /runs/:runId/steps`: every step's `createdAt` / `completedAt` (ms), oldest first.
 * - `GET /runs/:runId/waits`: the `resumeAt` (ms) of each `wait_created` event.
 * - `GET /runs/:runId/events`: each event's type and `createdAt` (ms), oldest first.
 */
import { isTerminalWorkflowRunStatus } from '@workflow/world';
import { createCloudflareWorld } from 'workflow-world-cloudflare';
import { createWorkflowWorker } from 'workflow-world-cloudflare/worker';
import type { Env } from 'workflow-world-cloudflare';
import { listEventTimes, listStepTimes, listWaitResumes } from '../../src/run-times.ts';

export { WorkflowQueueObject, WorkflowRunObject, WorkflowStreamObject } from 'workflow-world-cloudflare';

const handlers = () => import('../.workflow-cloudflare/handlers.js');

async function startRun(name: string, request: Request): Promise<Response> {
  const workflowId = (await handlers()).workflows[name];
  if (!workflowId) return Response.json({ error: `unknown workflow ${name}` }, { status: 404 });
  const args = (await request.json()) as unknown[];
  const { start } = await import('workflow/api');
  const t0 = Date.now();
  const run = await start({ workflowId } as never, args);
  return Response.json({ runId: run.runId, t0, startMs: Date.now() - t0 });
}

/**
 * The bench's own reads (status polls, step and wait times) go through a World without the KV read cache: a
 * poll of a running run would first miss in KV every time, and the polling must cost the runs being measured
 * as little as possible. Workflow execution never reads through that cache, so the figures are unaffected.
 */
let reader: ReturnType<typeof createCloudflareWorld> | undefined;
const readWorld = (env: Env) => (reader ??= createCloudflareWorld(env, { cache: false }));

async function runs(env: Env, ids: string[]): Promise<Response> {
  const world = readWorld(env);
  const { getRun } = await import('workflow/api');
  const views = await Promise.all(
    ids.map(async (runId) => {
      const run = await world.runs.get(runId, { resolveData: 'none' });
      const output = run.status === 'completed' ? await getRun(runId).returnValue : undefined;
      return { runId, status: run.status, createdAt: run.createdAt.getTime(), completedAt: run.completedAt?.getTime() ?? null, output };
    }),
  );
  return Response.json(views);
}

/**
 * Which of `ids` have ended, read from the D1 index (a run's end is never deferred there), newest runs first:
 * the runs a bench waits for are the newest, so a page or two covers them. One D1 query per page, where a
 * `runs.get` per run would cost each run object a call while the runs being measured compete for the isolate.
 * A run not seen (its snapshot not in D1 yet) counts as not ended.
 */
async function ended(env: Env, ids: string[]): Promise<Response> {
  const world = readWorld(env);
  const waiting = new Set(ids);
  const done: string[] = [];
  let cursor: string | null = null;
  for (let scanned = 0; waiting.size > 0 && scanned < ids.length + 1000; ) {
    const page: Awaited<ReturnType<typeof world.runs.list>> = await world.runs.list({ pagination: { limit: 1000, sortOrder: 'desc', ...(cursor ? { cursor } : {}) }, resolveData: 'none' });
    for (const run of page.data) if (waiting.delete(run.runId) && isTerminalWorkflowRunStatus(run.status)) done.push(run.runId);
    scanned += page.data.length;
    if (!page.hasMore || !page.cursor) break;
    cursor = page.cursor;
  }
  return Response.json(done);
}

export default createWorkflowWorker<Env>({
  handlers,
  async fetch(request, env) {
    const url = new URL(request.url);
    const parts = url.pathname.split('/').filter(Boolean);
    if (request.method === 'POST' && parts[0] === 'start' && parts[1]) return startRun(parts[1], request);
    if (url.pathname === '/health') return Response.json({ ok: true });
    if (url.pathname === '/runs') return runs(env, (url.searchParams.get('ids') ?? '').split(',').filter(Boolean));
    if (request.method === 'POST' && url.pathname === '/ended') return ended(env, (await request.json()) as string[]);
    const world = readWorld(env);
    if (parts[0] === 'runs' && parts[1] && parts[2] === 'steps') return Response.json(await listStepTimes(world.steps, parts[1]));
    if (parts[0] === 'runs' && parts[1] && parts[2] === 'events') return Response.json(await listEventTimes(world.events, parts[1]));
    if (parts[0] === 'runs' && parts[1] && parts[2] === 'waits') return Response.json(await listWaitResumes(world.events, parts[1]));
    return Response.json({ error: `no route ${url.pathname}` }, { status: 404 });
  },
});
