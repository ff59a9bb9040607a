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
export type { Delivery, MessageHandler } from './dispatch.js';
export { parseQueueCall, type QueueCall, runIdOf } from './queue-call.js';
export { spillBody, loadBody } from './spill.js';
export { sendInChunks } from './coordinator/send-in-chunks.js';
// The message store and its settle rule, for objects that keep a queue of their own (the run objects' inboxes).
export { createMessageStore, type MessageRow, type MessageStore } from './coordinator/message-store.js';
export { type MirroredMessageStore, withMemoryMirror } from './coordinator/memory-mirror.js';
export type { MessageState } from './coordinator/schema.js';
export { type SettledAs, settleMessage } from './coordinator/settle-message.js';
export { envelopeOfRow } from './coordinator/envelope-of-row.js';
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
