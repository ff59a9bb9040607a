/**
 * `Queue.queue()`: validate, record durably in the shard's coordinator (one round trip, which also decides
 * idempotency), then deliver attempt 1 — in this isolate when a handler is registered here, else by sending
 * the envelope to the Cloudflare Queue.
 */
import { newMessageId, unwrapRpc } from '@workflow-world-cloudflare/core';
import type { MessageId, Queue } from '@workflow/world';
import type { EnqueueRequest } from '../protocol.js';
import { type Envelope, INLINE_BODY_LIMIT_BYTES } from '../envelope.js';
import { runLocally } from './local-run.js';
import { parseQueueCall } from './queue-call.js';
import type { QueueRuntime } from './runtime.js';
import { shardFor } from './shard.js';
import { spillBody } from './spill.js';

export function createProducer(rt: QueueRuntime): Queue['queue'] {
  return async (queueName, payload, opts) => {
    const call = parseQueueCall(queueName, payload, opts);
    const messageId = newMessageId();
    const { body, bodySize } = call;
    const bodyRef = bodySize > INLINE_BODY_LIMIT_BYTES ? await spillBody(rt.config.bucket, messageId, body) : null;
    const shard = shardFor(payload, call.idempotencyKey ?? undefined, messageId);
    const fastPathAllowed = rt.config.fastPath === true || (rt.config.fastPath === 'workflow' && call.kind === 'workflow');
    const local = fastPathAllowed && rt.registry.has(call.prefix);
    const request: EnqueueRequest = {
      shard,
      messageId,
      queueName: call.queueName,
      body: bodyRef === null ? body : null,
      bodyRef,
      bodySize,
      headers: call.headers,
      deploymentId: call.deploymentId ?? rt.config.deploymentId,
      idempotencyKey: call.idempotencyKey,
      delayMs: call.delayMs,
      leaseMs: rt.config.leaseSeconds * 1000,
      mode: local ? 'local' : 'queue',
    };
    const stub = rt.coordinator(shard);
    const result = unwrapRpc(await stub.enqueue(request));

    if (!result.created && bodyRef !== null) rt.waitUntil(rt.config.bucket.delete(bodyRef));
    if (result.delivery === 'local') {
      rt.waitUntil(runLocally(rt, { shard, messageId, queueName: call.queueName, body, bodyRef }));
    } else if (result.delivery === 'queue') {
      await sendFirst(rt, stub, envelopeOf(request));
    }
    return { messageId: result.messageId as MessageId };
  };
}

function envelopeOf(r: EnqueueRequest): Envelope {
  const e: Envelope = {
    v: 1,
    messageId: r.messageId,
    queueName: r.queueName,
    shard: r.shard,
    attempt: 1,
    deploymentId: r.deploymentId,
    headers: r.headers,
  };
  if (r.bodyRef !== null) e.bodyRef = r.bodyRef;
  else e.body = r.body ?? 'null';
  return e;
}

/** The message is already durable: a failed send hands attempt 1 back to the coordinator instead of failing queue(). */
async function sendFirst(
  rt: QueueRuntime,
  stub: ReturnType<QueueRuntime['coordinator']>,
  envelope: Envelope,
): Promise<void> {
  try {
    await rt.config.queue.send(envelope, { contentType: 'json' });
  } catch (error) {
    console.error(`queue-cf: sending ${envelope.messageId} to WORKFLOW_QUEUE failed; the coordinator will resend`, error);
    unwrapRpc(await stub.settle({ messageId: envelope.messageId, attempt: 1, outcome: { kind: 'unsent' } }));
  }
}
