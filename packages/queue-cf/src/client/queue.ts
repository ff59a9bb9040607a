/**
 * `createCloudflareQueue`: the DevKit `Queue` (getDeploymentId / queue / createQueueHandler) on a coordinator
 * Durable Object and Cloudflare Queues, plus the consumer entry and run hold / release.
 */
import { waitUntil as platformWaitUntil } from 'cloudflare:workers';
import { CloudflareWorldError, unwrapRpc } from '@workflow-world-cloudflare/core';
import { type Queue, QueuePrefix } from '@workflow/world';
import { parseQueueOptions, type QueueOptions } from './config.js';
import { type ConsumeResult, consumeBatch } from './consumer.js';
import type { Outcome } from '../protocol.js';
import { type Delivery, dispatch, failure, type HandlerRegistry } from './dispatch.js';
import { createHttpHandler } from './http-handler.js';
import { createProducer } from './producer.js';
import type { QueueRuntime } from './runtime.js';
import { runShard } from './shard.js';

/** The `Queue` part of the World plus what the Worker and the umbrella need around it. */
export interface CloudflareQueue extends Queue {
  /** Call from the Worker's `queue(batch, env, ctx)` export for the `workflow-queue` consumer. */
  handleQueueBatch(batch: MessageBatch<unknown>): Promise<ConsumeResult[]>;
  /** Pause deliveries of a run: its messages stay stored (delays keep running) until {@link releaseRun}. */
  holdRun(runId: string): Promise<void>;
  /** Resume deliveries of a run; messages that fell due meanwhile are sent at once. */
  releaseRun(runId: string): Promise<void>;
  /**
   * Runs one delivery with the handler registered in this isolate for its queue name (else the `forward`
   * target), as the consumer would: never throws, the result says how it ended. For hosts that keep
   * messages themselves (the run objects).
   */
  deliver(delivery: Delivery): Promise<Outcome>;
  /** The outcome of a delivery that could not run (`attempt` failed with `error`): backoff, or dead after `maxAttempts`. */
  failure(attempt: number, error: unknown): Outcome;
}

/**
 * Creates the queue. Create one per isolate (the DevKit caches its World), so handlers registered with
 * `createQueueHandler` are seen by `queue()` (fast path) and by `handleQueueBatch`.
 *
 * @throws CloudflareWorldError `BINDING_MISSING` / `CONFIG_INVALID` naming the bad option.
 * @example
 * ```ts
 * const queue = createCloudflareQueue({
 *   queue: env.WORKFLOW_QUEUE, deadLetterQueue: env.WORKFLOW_DLQ, coordinator: env.WORKFLOW_QUEUE_COORDINATOR,
 *   bucket: env.BUCKET, deploymentId: 'dpl_1', signingSecret: env.WORKFLOW_SIGNING_SECRET,
 * });
 * export default { queue: (batch) => queue.handleQueueBatch(batch) };
 * ```
 */
export function createCloudflareQueue(options: QueueOptions): CloudflareQueue {
  const config = parseQueueOptions(options);
  const registry: HandlerRegistry = new Map();
  const rt: QueueRuntime = {
    config,
    registry,
    coordinator: (shard) => config.coordinator.get(config.coordinator.idFromName(shard)),
    waitUntil: config.waitUntil ?? platformWaitUntil,
  };

  return {
    getDeploymentId: async () => config.deploymentId,
    queue: createProducer(rt),
    createQueueHandler(prefix, handler) {
      const checked = QueuePrefix.safeParse(prefix);
      if (!checked.success) {
        throw new CloudflareWorldError('INVALID_ARGUMENT', `Invalid queue prefix ${JSON.stringify(prefix)}`, {
          cause: checked.error,
        });
      }
      registry.set(prefix, handler);
      return createHttpHandler(config, prefix, handler);
    },
    handleQueueBatch: (batch) => consumeBatch(rt, batch),
    holdRun: async (runId) => unwrapRpc(await rt.coordinator(runShard(runId)).hold()),
    releaseRun: async (runId) => unwrapRpc(await rt.coordinator(runShard(runId)).release()),
    deliver: (delivery) => dispatch(config, registry, delivery),
    failure: (attempt, error) => failure(config, attempt, error),
  };
}
