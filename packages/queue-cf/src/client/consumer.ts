/**
 * The Worker's `queue(batch, env, ctx)` side: each envelope is claimed from its coordinator (so stale copies
 * and held runs are skipped), dispatched by prefix to the handler registered here or to the `forward`
 * target with its lease renewed while that runs, and its result settled in the coordinator. The coordinator owns redelivery, backoff and
 * dead-lettering, so every queue message is acked once that is recorded; malformed ones go straight to the
 * dead-letter queue.
 */
import { decodeValue, unwrapRpc } from '@workflow-world-cloudflare/core';
import type { Outcome } from '../protocol.js';
import { dispatch, failure } from './dispatch.js';
import { type DeadLetter, type Envelope, EnvelopeSchema } from '../envelope.js';
import { withLeaseRenewal } from './lease-renewal.js';
import type { QueueRuntime } from './runtime.js';
import { loadBody } from './spill.js';

/** How one queue message ended, for logs and tests. */
export type ConsumeResult = 'settled' | 'skipped' | 'malformed' | 'coordinator-unavailable';

export async function consumeBatch(rt: QueueRuntime, batch: MessageBatch<unknown>): Promise<ConsumeResult[]> {
  return Promise.all(batch.messages.map((message) => consumeMessage(rt, message)));
}

async function consumeMessage(rt: QueueRuntime, message: Message<unknown>): Promise<ConsumeResult> {
  const parsed = EnvelopeSchema.safeParse(message.body);
  if (!parsed.success) return deadLetterMalformed(rt, message, parsed.error.message);
  const envelope = parsed.data;
  const stub = rt.coordinator(envelope.shard);
  try {
    const claim = unwrapRpc(await stub.claim({ messageId: envelope.messageId, attempt: envelope.attempt }));
    if (claim.status !== 'ok') {
      message.ack();
      return 'skipped';
    }
    const outcome = await withLeaseRenewal(stub, envelope, claim.leaseMs, () => run(rt, envelope));
    const settled = unwrapRpc(await stub.settle({ messageId: envelope.messageId, attempt: envelope.attempt, outcome }));
    if (settled.status === 'acked' && settled.bodyRef !== null) await rt.config.bucket.delete(settled.bodyRef);
  } catch (error) {
    // The coordinator's row is durable and leased: when the lease runs out it sends the message again.
    console.error(`queue-cf: coordinator call for ${envelope.messageId} failed; lease expiry will redeliver`, error);
    message.ack();
    return 'coordinator-unavailable';
  }
  message.ack();
  return 'settled';
}

async function run(rt: QueueRuntime, envelope: Envelope): Promise<Outcome> {
  let body: string;
  try {
    body = envelope.body ?? (await loadBody(rt.config.bucket, envelope.bodyRef as string));
    decodeValue(body);
  } catch (error) {
    return failure(rt.config, envelope.attempt, error);
  }
  return dispatch(rt.config, rt.registry, { ...envelope, body });
}

async function deadLetterMalformed(rt: QueueRuntime, message: Message<unknown>, error: string): Promise<ConsumeResult> {
  const letter: DeadLetter = { reason: 'malformed', error, envelope: message.body, deadAt: Date.now() };
  try {
    await rt.config.deadLetterQueue.send(letter, { contentType: 'json' });
    message.ack();
  } catch (sendError) {
    // Let the platform retry it; after max_retries the consumer's dead_letter_queue takes it.
    console.error(`queue-cf: dead-lettering malformed message ${message.id} failed`, sendError);
    message.retry();
  }
  return 'malformed';
}
