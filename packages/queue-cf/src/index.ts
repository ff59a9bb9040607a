/**
 * @module
 * The DevKit `Queue` on Cloudflare: a coordinator Durable Object records every message (idempotency,
 * delays of any length, leases, redelivery, dead-lettering), Cloudflare Queues carry deliveries, and a
 * fast path runs messages in the producing isolate when their handler lives there.
 */
export { createCloudflareQueue, type CloudflareQueue } from './client/queue.js';
export { QueueOptionsSchema, type QueueConfig, type QueueOptions } from './client/config.js';
export { WorkflowQueueObject } from './object/workflow-queue-object.js';
export type { QueueObjectEnv } from './object/env.js';
export type { ClaimResult, QueueObjectSnapshot, EnqueueResult, Outcome, RenewResult, SettleResult } from './protocol.js';
export type { ConsumeResult } from './client/consumer.js';
export type { Delivery, MessageHandler } from './client/dispatch.js';
export { parseQueueCall, type QueueCall, runIdOf } from './client/queue-call.js';
export { spillBody, loadBody } from './client/spill.js';
export { sendInChunks } from './object/send-in-chunks.js';
// The message store and its settle rule, for objects that keep a queue of their own (the run objects' inboxes).
export { createMessageStore, type MessageRow, type MessageStore } from './object/message-store.js';
export { type MirroredMessageStore, withMemoryMirror } from './object/memory-mirror.js';
export type { MessageState } from './object/schema.js';
export { type SettledAs, settleMessage } from './object/settle-message.js';
export { envelopeOfRow } from './object/envelope-of-row.js';
export {
  type DeadLetter,
  DeadLetterSchema,
  type Envelope,
  EnvelopeSchema,
  INLINE_BODY_LIMIT_BYTES,
  QUEUE_MESSAGE_LIMIT_BYTES,
} from './envelope.js';
export { runShard, shardFor } from './client/shard.js';
export {
  SIGNATURE_HEADER,
  SIGNATURE_TIMESTAMP_HEADER,
  type SignedDelivery,
  signatureHeaders,
  signDelivery,
  verifyDelivery,
} from './client/signing.js';
