/**
 * `createCloudflareWorld`: composes the packages into one `@workflow/world` `World` (storage on run objects
 * + D1 + R2, queue on Cloudflare Queues + coordinator objects, streams on R2 + stream objects), plus the
 * operator controls and the Worker's queue consumer entry.
 */
import { createPayloadOffloader, createR2BlobStore } from '@workflow-world-cloudflare/blob-r2';
import { parseWorldConfig, type WorldConfig, type WorldConfigInput } from '@workflow-world-cloudflare/core';
import { createDurableStorage, createOrphanSweeper, createRunControls, createRunQueue } from '@workflow-world-cloudflare/durable-coordinator';
import {
  type CloudflareQueue,
  createCloudflareQueue,
  parseQueueCall,
  type QueueOptions,
  runIdOf,
} from '@workflow-world-cloudflare/queue-cf';
import { createD1Index } from '@workflow-world-cloudflare/storage-d1';
import { createR2Streamer } from '@workflow-world-cloudflare/streamer-r2';
import { SPEC_VERSION_CURRENT, type World } from '@workflow/world';
import { assertBindings } from './bindings.js';
import { type BulkCancelResult, createControls, type WorldControls } from './controls.js';
import { createEncryptionKeys } from './encryption-keys.js';
import { createErrorSealer } from './error-sealer.js';
import type { Env } from './env.js';
import { type ReadCacheOptions, withReadCache } from './read-cache.js';
import { failFatallyInSteps } from './step-fatal.js';
import { sandboxRandomnessStamp } from './worker/sandbox-key.js';

/** Queue tuning passed through to `createCloudflareQueue` (bindings and ids come from `env` and config). */
export type CloudflareQueueTuning = Pick<
  QueueOptions,
  'maxAttempts' | 'leaseSeconds' | 'retryBackoff' | 'forward' | 'fastPath' | 'waitUntil' | 'signatureWindowSeconds'
>;

export interface CloudflareWorldOptions extends Partial<WorldConfigInput> {
  /** Overrides `env.WORKFLOW_SIGNING_SECRET`: the key that signs flow/step HTTP deliveries. */
  signingSecret?: string;
  /** Queue tuning: attempts before the dead-letter queue, lease, backoff, forwarding, fast path. */
  queue?: CloudflareQueueTuning;
  /** KV read cache options, or `false` to bypass `CACHE` even when bound. */
  cache?: ReadCacheOptions | false;
  /**
   * Where a run's messages (workflow wakes, steps) go. `'run-object'`: into the run's own `WorkflowRunObject`,
   * which executes the run next to its state — replays in the object, one at a time; steps in parallel
   * invocations of this Worker. Needs the Worker's default export to be `createWorkflowWorker(...)` (it
   * registers the executor and the step entrypoint), which selects this mode. `'queue'` (the default of a bare
   * `createCloudflareWorld`): through the queue coordinator and Cloudflare Queues to handlers in this isolate
   * or the `forward` target. Messages without a run (health checks) always take the queue.
   */
  execution?: 'run-object' | 'queue';
}

/** The World, plus what a Worker needs around it. */
export interface CloudflareWorld extends World {
  readonly specVersion: number;
  /** The DevKit's `runs`, plus DevKit 5's optional bulk cancel (`control.cancelMany` in its request shape). */
  runs: World['runs'] & { cancelMany(request: { runIds: string[]; cancelReason?: string }): Promise<BulkCancelResult> };
  /** The validated configuration in force. */
  readonly config: WorldConfig;
  /** Operator actions on runs: cancel (one, many, or a workflow's live runs), pause, resume, inspect. */
  readonly control: WorldControls;
  /** Call from the Worker's `queue(batch, env, ctx)` export. */
  handleQueueBatch: CloudflareQueue['handleQueueBatch'];
  /** Runs one delivery with the handler registered in this isolate (the run objects' executor calls it). */
  deliver: CloudflareQueue['deliver'];
  /** The outcome of a delivery that could not run: backoff per the queue config, dead after `maxAttempts`. */
  failure: CloudflareQueue['failure'];
  /** Where run messages go (see {@link CloudflareWorldOptions.execution}). */
  readonly execution: 'run-object' | 'queue';
}

/**
 * Creates the World over the Worker's bindings. Validates every binding and config value first.
 *
 * @throws CloudflareWorldError `BINDING_MISSING` (names each binding and the wrangler setting to add) or
 * `CONFIG_INVALID` (names each bad key).
 * @example
 * ```ts
 * import { createCloudflareWorld } from 'workflow-world-cloudflare';
 * const world = createCloudflareWorld(env, { LARGE_DATA_THRESHOLD: 4096 });
 * const { run } = await world.events.create(null, { eventType: 'run_created', eventData: { deploymentId: 'd', workflowName: 'w', input: new Uint8Array() } });
 * ```
 */
export function createCloudflareWorld(env: Env, options: CloudflareWorldOptions = {}): CloudflareWorld {
  assertBindings(env as unknown as Record<string, unknown>);
  const { signingSecret, queue: queueTuning, cache, execution = 'queue', ...configOverrides } = options;
  const config = parseWorldConfig(env as unknown as Record<string, unknown>, configOverrides);

  const offloader = createPayloadOffloader({
    blobs: createR2BlobStore(env.BUCKET),
    threshold: config.LARGE_DATA_THRESHOLD,
    maxPayloadBytes: config.MAX_PAYLOAD_BYTES,
  });
  const secret = signingSecret ?? env.WORKFLOW_SIGNING_SECRET;
  const storageOptions = { runs: env.WORKFLOW_RUN, index: createD1Index(env.DB), offloader, config };
  // The keys read a run's stamp (its executionContext) through a storage that opens no sealed errors: opening
  // one needs the very key being looked up.
  const encryption = createEncryptionKeys(env, createDurableStorage(storageOptions).runs);
  const runExecutionContext = {
    // Runs that execute in their objects draw random values keyed by the secret (unguessable webhook tokens).
    ...(execution === 'run-object' && secret ? sandboxRandomnessStamp(secret) : {}),
    // With an encryption key, the DevKit encrypts the run's payloads under a key derived for it (encryption-keys.ts).
    ...encryption.stamp(),
  };
  const durable = createDurableStorage({
    ...storageOptions,
    ...(Object.keys(runExecutionContext).length > 0 ? { runExecutionContext } : {}),
    // The DevKit encrypts payloads but not errors: their texts are sealed under the run's key here.
    ...(encryption.enabled ? { errorSealer: createErrorSealer(encryption) } : {}),
  });
  // Entities are cached as read (errors opened): with encryption on, failed ones stay out of KV.
  const storage = env.CACHE && cache !== false ? withReadCache(durable, env.CACHE, { ...(cache || {}), skipErrors: encryption.enabled }) : durable;

  const queue = createCloudflareQueue({
    // Steps go through Cloudflare Queues by default: fast-path work lives in `waitUntil`, which the platform ends
    // ~30 s after the response, and a step may run longer. Workflow replays are short, so they keep the fast path.
    fastPath: 'workflow',
    ...queueTuning,
    queue: env.WORKFLOW_QUEUE,
    deadLetterQueue: env.WORKFLOW_DLQ,
    coordinator: env.WORKFLOW_QUEUE_COORDINATOR,
    bucket: env.BUCKET,
    deploymentId: config.DEPLOYMENT_ID,
    signingSecret: secret,
  });
  const runQueue = createRunQueue({ runs: env.WORKFLOW_RUN, bucket: env.BUCKET, deploymentId: config.DEPLOYMENT_ID });
  const route: CloudflareQueue['queue'] = async (queueName, payload, opts) => {
    const runId = execution === 'run-object' ? runIdOf(payload) : undefined;
    if (runId === undefined) return queue.queue(queueName, payload, opts);
    return runQueue.enqueue(runId, parseQueueCall(queueName, payload, opts));
  };
  const streamer = createR2Streamer({ streams: env.WORKFLOW_STREAM, bucket: env.BUCKET, maxChunkBytes: config.MAX_PAYLOAD_BYTES });

  // The run objects keep the pause flag that runs.get / runs.list show (see controls.ts).
  const control = createControls({
    storage,
    queue,
    runs: createRunControls({ runs: env.WORKFLOW_RUN }),
    sweeper: createOrphanSweeper({ runs: env.WORKFLOW_RUN, bucket: env.BUCKET, streams: env.WORKFLOW_STREAM }),
  });

  return {
    specVersion: SPEC_VERSION_CURRENT,
    config,
    // Storage. `runs.cancelMany` is DevKit 5's optional bulk cancel (its `cancelRuns` helper looks for it).
    runs: { ...storage.runs, cancelMany: (request) => control.cancelMany(request.runIds, request.cancelReason) },
    steps: storage.steps,
    events: storage.events,
    hooks: storage.hooks,
    // Queue
    getDeploymentId: queue.getDeploymentId,
    queue: route,
    createQueueHandler: queue.createQueueHandler,
    handleQueueBatch: queue.handleQueueBatch,
    deliver: queue.deliver,
    failure: queue.failure,
    execution,
    // Streamer
    // A chunk too large to store fails its step for good instead of re-running it (see step-fatal.ts).
    writeToStream: failFatallyInSteps(streamer.writeToStream.bind(streamer)),
    writeToStreamMulti: streamer.writeToStreamMulti ? failFatallyInSteps(streamer.writeToStreamMulti.bind(streamer)) : undefined,
    closeStream: streamer.closeStream.bind(streamer),
    readFromStream: streamer.readFromStream.bind(streamer),
    listStreamsByRunId: streamer.listStreamsByRunId.bind(streamer),
    getStreamChunks: streamer.getStreamChunks.bind(streamer),
    getStreamInfo: streamer.getStreamInfo.bind(streamer),
    // Encryption at rest (off without WORKFLOW_ENCRYPTION_KEY): the DevKit encrypts payloads with this key.
    getEncryptionKeyForRun: encryption.keyForRun as World['getEncryptionKeyForRun'],
    // Lifecycle: deliveries are pushed by the platform (Queues, alarms), so there is nothing to start or stop.
    start: async () => {},
    close: async () => {},
    control,
  };
}

const perIsolate = new WeakMap<object, CloudflareWorld>();

/**
 * The World for this isolate: created on first use for `env`, then reused, so queue handlers registered by the
 * DevKit's routes are visible to the fast path and to the queue consumer. Options apply on first creation.
 */
export function getCloudflareWorld(env: Env, options?: CloudflareWorldOptions): CloudflareWorld {
  let world = perIsolate.get(env);
  if (!world) {
    world = createCloudflareWorld(env, options);
    perIsolate.set(env, world);
  }
  return world;
}
