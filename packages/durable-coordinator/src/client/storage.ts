/**
 * `createDurableStorage`: the `@workflow/world` `Storage` on run objects (authority), D1 (cross-run index)
 * and R2 (large payloads).
 */
import type { Storage } from '@workflow/world';
import { createEventsStorage } from './storage/events.js';
import { createHooksStorage } from './storage/hooks.js';
import type { DurableStorageOptions } from './storage/options.js';
import { createRunsStorage } from './storage/runs.js';
import { createRecentOwners } from './storage/recent-owners.js';
import { createStepsStorage } from './storage/steps.js';

/**
 * The World `Storage`: validates requests with the DevKit's zod schemas, offloads payloads, calls the run's
 * object and rethrows its failures as the exact `@workflow/errors` classes; reads are parsed with the
 * DevKit schemas and hydrated (or stripped for `resolveData: 'none'`).
 *
 * Consistency of the D1 index: `hooks.list` and `hooks.get` / `getByToken` see a write as soon as its
 * `events.create` returned, from any isolate (token claims are decided in D1). Run snapshots (`runs.list`)
 * and the step and correlation lookups (`steps.get(undefined, stepId)`, `events.listByCorrelationId` without
 * `runId`) reach D1 just after the answer — a run's start, and every step, do not wait for D1 — so they are
 * read-your-writes per storage instance (the World keeps one per isolate): `runs.list` first asks the objects
 * of the runs this storage wrote lately to catch the index up, and this storage remembers the owners of the
 * last 2048 steps and correlation ids it created (`RECENT_OWNERS_CAPACITY`) and adds them to what D1
 * returns. Another storage sees them once the run object's outbox has drained:
 * normally milliseconds later, after an eviction when the object's alarm fires (about 10 s), during a D1
 * outage when D1 is back. Reads that name the run (`steps.get(runId, …)`, `listByCorrelationId({ runId })`)
 * go to the run's object and are always current.
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
  const recent = createRecentOwners();
  return {
    runs: createRunsStorage(opts, recent),
    steps: createStepsStorage(opts, recent),
    events: createEventsStorage(opts, recent),
    hooks: createHooksStorage(opts),
  };
}
