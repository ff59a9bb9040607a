/**
 * @module
 * `workflow-world-cloudflare/worker`: wire a Worker that runs DevKit workflows on this World.
 */
export {
  createWorkflowWorker,
  type WorkflowContext,
  type WorkflowHandlers,
  type WorkflowWorkerOptions,
} from './create-workflow-worker.js';
export { installBackgroundWork } from './background-work.js';
export { installedWorld, installWorld } from './install-world.js';
