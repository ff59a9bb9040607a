/**
 * @module
 * `workflow-world-cloudflare`: a Vercel Workflow DevKit World on Cloudflare. `createCloudflareWorld(env)`
 * returns the World (`@workflow/world` 4.5, spec version 3); export the Durable Object classes from your Worker.
 *
 * @example
 * ```ts
 * import { getCloudflareWorld, WorkflowRunObject, WorkflowStreamObject, WorkflowQueueObject } from 'workflow-world-cloudflare';
 * export { WorkflowRunObject, WorkflowStreamObject, WorkflowQueueObject };
 * export default {
 *   fetch: (req, env) => { const world = getCloudflareWorld(env); ... },
 *   queue: (batch, env) => getCloudflareWorld(env).handleQueueBatch(batch),
 * };
 * ```
 */
export {
  type CloudflareQueueTuning,
  type CloudflareWorld,
  type CloudflareWorldOptions,
  createCloudflareWorld,
  getCloudflareWorld,
} from './world.js';
export type { BulkCancelOutcome, BulkCancelResult, CancelMatchingFilter, CancelOptions, RetentionState, SweepOptions, SweepResult, WorldControls } from './controls.js';
export type { Env } from './env.js';
export { assertBindings, BINDING_SPECS, REQUIRED_BINDINGS, type WorldBindingName } from './bindings.js';
export { type ReadCacheOptions, withReadCache } from './read-cache.js';
export { WorkflowRunObject } from '@workflow-world-cloudflare/durable-coordinator';
/** What `world.control.inspect(runId)` answers: the run's executor counters, its inbox and how its sandbox draws. */
export type { RunInspection } from '@workflow-world-cloudflare/durable-coordinator';
export { WorkflowQueueObject } from '@workflow-world-cloudflare/queue-cf';
export { WorkflowStreamObject } from '@workflow-world-cloudflare/streamer-r2';
export {
  CloudflareWorldError,
  type CloudflareWorldErrorCode,
  parseWorldConfig,
  type WorldConfig,
  type WorldConfigInput,
} from '@workflow-world-cloudflare/core';
export type { Event, Hook, Queue, Step, Storage, Streamer, World, WorkflowRun } from '@workflow/world';
