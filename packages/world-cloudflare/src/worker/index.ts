/**
 * @module
 * `workflow-world-cloudflare/worker`: wire a Worker that runs DevKit workflows on this World.
 */
export {
  createWorkflowWorker,
  type WorkflowContext,
  type WorkflowHandlers,
  type WorkflowWorker,
  type WorkflowWorkerOptions,
} from './create-workflow-worker.js';
export type { StepEntrypoint } from './run-host.js';
export { installBackgroundWork } from './background-work.js';
export { installedWorld, installWorld, installWorldPlaceholder } from './install-world.js';
