/**
 * The example Worker: DevKit workflows (src/workflows) on workflow-world-cloudflare. `createWorkflowWorker`
 * serves the DevKit's flow / step / webhook routes and consumes the workflow queue; everything else is the
 * example's API (src/api.ts).
 */
import { createWorkflowWorker } from 'workflow-world-cloudflare/worker';
import { api } from './api.js';
import type { Env } from './env.js';

export { WorkflowQueueObject, WorkflowRunObject, WorkflowStreamObject } from 'workflow-world-cloudflare';

export default createWorkflowWorker<Env>({
  handlers: () => import('../.workflow-cloudflare/handlers.js'),
  fetch: (request, env, ctx) => api.fetch(request, env, ctx),
});
