/**
 * Bench Worker for the storage write path: `POST /lifecycles?count=N&warmup=W` runs the shared workload
 * (src/step-lifecycles.ts) against `createCloudflareWorld(env)` *inside* workerd and answers the timings as
 * JSON, so the HTTP hop from Node is paid once per batch, never per event.
 */
import { type Env, getCloudflareWorld } from 'workflow-world-cloudflare';
import { runStepLifecycles } from '../src/step-lifecycles.ts';
import { seedRuns, timeListings } from './run-listing.ts';

export { WorkflowQueueObject, WorkflowRunObject, WorkflowStreamObject } from 'workflow-world-cloudflare';

/** A bounded positive integer query parameter. */
function intParam(url: URL, name: string, fallback: number, max: number): number {
  const value = Number(url.searchParams.get(name) ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${name} must be an integer in 0..${max}`);
  return value;
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    if (url.pathname === '/health') return Response.json({ ok: true });
    if (request.method === 'POST' && url.pathname === '/listing/seed') {
      await seedRuns(env.DB, intParam(url, 'from', 0, 1_000_000), intParam(url, 'to', 0, 1_000_000));
      return Response.json({ ok: true });
    }
    if (request.method === 'POST' && url.pathname === '/listing/time') {
      return Response.json(await timeListings(getCloudflareWorld(env), intParam(url, 'reps', 20, 1_000)));
    }
    if (request.method !== 'POST' || url.pathname !== '/lifecycles') return new Response('not found', { status: 404 });
    let count: number;
    let warmup: number;
    try {
      count = intParam(url, 'count', 200, 10_000);
      warmup = intParam(url, 'warmup', 10, 1_000);
    } catch (error) {
      if (!(error instanceof RangeError)) throw error;
      return Response.json({ error: error.message }, { status: 400 });
    }
    const world = getCloudflareWorld(env);
    // workerd's clock only advances across I/O; every events.create is I/O (a Durable Object call), so the
    // readings taken between calls are the real elapsed times (at the runtime's timer resolution).
    const timings = await runStepLifecycles(world.events, { count, warmup, now: () => performance.now() });
    return Response.json(timings);
  },
} satisfies ExportedHandler<Env>;
