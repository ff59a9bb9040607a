/**
 * Bench Worker: chains N sequential zero-delay hops and records, per hop, the milliseconds from just
 * before the send to the moment the receiving handler runs.
 * - plain: `PLAIN.send()` -> the `bench-plain` consumer (max_batch_size 1, max_batch_timeout 0).
 * - world: `queue()` of queue-cf -> the handler registered with `createQueueHandler` (the World's path).
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

const results: Record<'plain' | 'world', number[]> = { plain: [], world: [] };
let target = 0;
let world: CloudflareQueue | undefined;

function getWorld(env: Env): CloudflareQueue {
  if (world) return world;
  const q = createCloudflareQueue({
    queue: env.WORKFLOW_QUEUE,
    deadLetterQueue: env.WORKFLOW_DLQ,
    coordinator: env.WORKFLOW_QUEUE_COORDINATOR,
    bucket: env.BUCKET,
    deploymentId: 'dpl_bench',
  });
  q.createQueueHandler('__wkf_step_', async (payload) => {
    const p = payload as { workflowRunId: string; workflowStartedAt: number; stepId: string };
    results.world.push(performance.now() - p.workflowStartedAt);
    const i = Number(p.stepId) + 1;
    if (i < target) await sendWorld(q, p.workflowRunId, i);
  });
  world = q;
  return q;
}

const sendWorld = (q: CloudflareQueue, runId: string, i: number) =>
  q.queue('__wkf_step_bench', { workflowName: 'bench', workflowRunId: runId, workflowStartedAt: performance.now(), stepId: String(i) });

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const mode = url.searchParams.get('mode') === 'world' ? 'world' : 'plain';
    if (url.pathname === '/results') return Response.json(results[mode]);
    if (url.pathname === '/start') {
      target = Number(url.searchParams.get('n') ?? '200');
      results[mode] = [];
      if (mode === 'plain') await env.PLAIN.send({ i: 0, sentAt: performance.now() });
      else await sendWorld(getWorld(env), `wrun_bench${Date.now()}`, 0);
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
    await getWorld(env).handleQueueBatch(batch);
  },
} satisfies ExportedHandler<Env>;
