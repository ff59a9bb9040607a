/**
 * Bench Worker: chains N sequential zero-delay hops and records, per hop, the milliseconds from just
 * before the send to the moment the receiving handler runs.
 * - plain: `PLAIN.send()` -> the `bench-plain` consumer (max_batch_size 1, max_batch_timeout 0).
 * - world: `queue()` of queue-cf -> the handler registered with `createQueueHandler` (the World's fast path).
 * - world-queue: the same with `fastPath: false`, so each hop goes coordinator -> `WORKFLOW_QUEUE` -> consumer
 *   (claim, lease renewal armed, handler, settle): the path of handlers that live in another isolate.
 */
import { type CloudflareQueue, createCloudflareQueue, type Envelope, WorkflowQueueObject } from '../src/index.js';

export { WorkflowQueueObject };

interface Env {
  PLAIN: Queue<{ i: number; sentAt: number }>;
  WORKFLOW_QUEUE: Queue<Envelope>;
  WORKFLOW_DLQ: Queue<never>;
  WORKFLOW_QUEUE_COORDINATOR: DurableObjectNamespace<WorkflowQueueObject>;
  BUCKET: R2Bucket;
}

type Mode = 'plain' | 'world' | 'world-queue';
const results: Record<Mode, number[]> = { plain: [], world: [], 'world-queue': [] };
let target = 0;
const worlds: Partial<Record<'world' | 'world-queue', CloudflareQueue>> = {};

function getWorld(env: Env, mode: 'world' | 'world-queue'): CloudflareQueue {
  const existing = worlds[mode];
  if (existing) return existing;
  const q = createCloudflareQueue({
    queue: env.WORKFLOW_QUEUE,
    deadLetterQueue: env.WORKFLOW_DLQ,
    coordinator: env.WORKFLOW_QUEUE_COORDINATOR,
    bucket: env.BUCKET,
    deploymentId: 'dpl_bench',
    fastPath: mode === 'world',
  });
  q.createQueueHandler('__wkf_step_', async (payload) => {
    const p = payload as { workflowRunId: string; workflowStartedAt: number; stepId: string };
    results[mode].push(performance.now() - p.workflowStartedAt);
    const i = Number(p.stepId) + 1;
    if (i < target) await sendWorld(q, p.workflowRunId, i);
  });
  worlds[mode] = q;
  return q;
}

const sendWorld = (q: CloudflareQueue, runId: string, i: number) =>
  q.queue('__wkf_step_bench', { workflowName: 'bench', workflowRunId: runId, workflowStartedAt: performance.now(), stepId: String(i) });

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const asked = url.searchParams.get('mode');
    const mode: Mode = asked === 'world' || asked === 'world-queue' ? asked : 'plain';
    if (url.pathname === '/results') return Response.json(results[mode]);
    if (url.pathname === '/start') {
      target = Number(url.searchParams.get('n') ?? '200');
      results[mode] = [];
      if (mode === 'plain') await env.PLAIN.send({ i: 0, sentAt: performance.now() });
      else await sendWorld(getWorld(env, mode), `wrun_bench${Date.now()}`, 0);
      return new Response('started');
    }
    return new Response('not found', { status: 404 });
  },
  async queue(batch, env) {
    if (batch.queue === 'bench-plain') {
      for (const m of batch.messages) {
        const body = m.body as { i: number; sentAt: number };
        results.plain.push(performance.now() - body.sentAt);
        m.ack();
        if (body.i + 1 < target) await env.PLAIN.send({ i: body.i + 1, sentAt: performance.now() });
      }
      return;
    }
    // Only the fastPath: false world sends through WORKFLOW_QUEUE.
    await getWorld(env, 'world-queue').handleQueueBatch(batch);
  },
} satisfies ExportedHandler<Env>;
