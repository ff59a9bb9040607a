/**
 * The test Worker, wired the way a user's Worker is: the World for this isolate, the DevKit queue handlers
 * registered on it (here: recording handlers), the queue consumer and the Durable Object classes.
 */
import { contractBehaviour } from '@workflow-world-cloudflare/core/testing';
import { getCloudflareWorld, type Env } from '../src/index.js';

export { WorkflowQueueObject, WorkflowRunObject, WorkflowStreamObject } from '../src/index.js';
export { Recorder } from './recorder.js';

type TestEnv = Env & { RECORDER: DurableObjectNamespace<import('./recorder.js').Recorder> };

/** The isolate's World with recording handlers registered, as the DevKit's flow/step routes would. */
export function worldWithHandlers(env: TestEnv) {
  const world = getCloudflareWorld(env);
  const record = async (message: unknown, meta: { attempt: number; queueName: string; messageId: string }) => {
    const m = message as { runId?: string; workflowRunId?: string };
    const runId = m.runId ?? m.workflowRunId ?? 'none';
    await env.RECORDER.get(env.RECORDER.idFromName('recorder')).record({ runId, ...meta });
    // What the Queue contract asks of its handlers (a no-op for the other tests' payloads).
    return contractBehaviour(message, meta.attempt);
  };
  const routes = {
    flow: world.createQueueHandler('__wkf_workflow_', record),
    step: world.createQueueHandler('__wkf_step_', record),
  };
  return { world, routes };
}

export default {
  async fetch(request, env) {
    const { routes } = worldWithHandlers(env);
    const { pathname } = new URL(request.url);
    if (pathname === '/.well-known/workflow/v1/flow') return routes.flow(request);
    if (pathname === '/.well-known/workflow/v1/step') return routes.step(request);
    return new Response('not found', { status: 404 });
  },
  async queue(batch, env) {
    await worldWithHandlers(env).world.handleQueueBatch(batch);
  },
} satisfies ExportedHandler<TestEnv>;
