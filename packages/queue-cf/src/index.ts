/**
 * @module
 * The DevKit `Queue` on Cloudflare: a coordinator Durable Object records every message (idempotency,
 * delays of any length, leases, redelivery, dead-lettering), Cloudflare Queues carry deliveries, and a
 * fast path runs messages in the producing isolate when their handler lives there.
 */
export { createCloudflareQueue, type CloudflareQueue } from './queue.js';
export { QueueOptionsSchema, type QueueConfig, type QueueOptions } from './config.js';
export { WorkflowQueueObject } from './coordinator/workflow-queue-object.js';
export type { CoordinatorEnv } from './coordinator/coordinator-env.js';
export type { ClaimResult, CoordinatorSnapshot, EnqueueResult, Outcome, RenewResult, SettleResult } from './coordinator/rpc.js';
export type { ConsumeResult } from './consumer.js';
export type { MessageHandler } from './dispatch.js';
export {
  type DeadLetter,
  DeadLetterSchema,
  type Envelope,
  EnvelopeSchema,
  INLINE_BODY_LIMIT_BYTES,
  QUEUE_MESSAGE_LIMIT_BYTES,
} from './envelope.js';
export { runShard, shardFor } from './shard.js';
export {
  SIGNATURE_HEADER,
  SIGNATURE_TIMESTAMP_HEADER,
  type SignedDelivery,
  signatureHeaders,
  signDelivery,
  verifyDelivery,
} from './signing.js';
