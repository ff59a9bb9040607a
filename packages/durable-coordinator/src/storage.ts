/**
 * `createDurableStorage`: the `@workflow/world` `Storage` on run objects (authority), D1 (cross-run index)
 * and R2 (large payloads).
 */
import type { Storage } from '@workflow/world';
import { createEventsStorage } from './storage/events.js';
import { createHooksStorage } from './storage/hooks.js';
import type { DurableStorageOptions } from './storage/options.js';
import { createRunsStorage } from './storage/runs.js';
import { createStepsStorage } from './storage/steps.js';

/**
 * The World `Storage`: validates requests with the DevKit's zod schemas, offloads payloads, calls the run's
 * object and rethrows its failures as the exact `@workflow/errors` classes; reads are parsed with the
 * DevKit schemas and hydrated (or stripped for `resolveData: 'none'`).
 *
 * @example
 * ```ts
 * const storage = createDurableStorage({
 *   runs: env.WORKFLOW_RUN,
 *   index: createD1Index(env.DB),
 *   offloader: createPayloadOffloader({ blobs: createR2BlobStore(env.BUCKET), threshold: config.LARGE_DATA_THRESHOLD, maxPayloadBytes: config.MAX_PAYLOAD_BYTES }),
 *   config,
 * });
 * const { run } = await storage.events.create(null, { eventType: 'run_created', specVersion: 3, eventData: { deploymentId, workflowName, input } });
 * ```
 */
export function createDurableStorage(opts: DurableStorageOptions): Storage {
  return {
    runs: createRunsStorage(opts),
    steps: createStepsStorage(opts),
    events: createEventsStorage(opts),
    hooks: createHooksStorage(opts),
  };
}
