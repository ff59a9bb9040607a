/** The test Worker: consumer of `workflow-queue` (through queue-cf) and `workflow-dlq` (into the recorder). */
import type { CloudflareQueue } from '../src/index.js';
import { createTestQueue, recorderOf, recordingHandler } from './behaviour.js';

export { WorkflowQueueObject } from '../src/index.js';
export { Recorder } from './recorder.js';

let instance: { queue: CloudflareQueue; flow: (r: Request) => Promise<Response>; step: (r: Request) => Promise<Response> } | undefined;

function world(env: Cloudflare.Env) {
  if (!instance) {
    const queue = createTestQueue(env);
    const handler = recordingHandler(env);
    instance = {
      queue,
      flow: queue.createQueueHandler('__wkf_workflow_', handler),
      step: queue.createQueueHandler('__wkf_step_', handler),
    };
  }
  return instance;
}

export default {
  async fetch(request, env) {
    const { pathname } = new URL(request.url);
    if (pathname === '/.well-known/workflow/v1/flow') return world(env).flow(request);
    if (pathname === '/.well-known/workflow/v1/step') return world(env).step(request);
    return new Response('not found', { status: 404 });
  },
  async queue(batch, env) {
    if (batch.queue === 'workflow-dlq') {
      for (const message of batch.messages) {
        await recorderOf(env).letter(message.body);
        message.ack();
      }
      return;
    }
    await world(env).queue.handleQueueBatch(batch);
  },
} satisfies ExportedHandler<Cloudflare.Env>;
