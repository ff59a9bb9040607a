/**
 * `Queue.queue()`: validate, record durably in the shard's coordinator (one round trip, which also decides
 * idempotency), then deliver attempt 1 — in this isolate when a handler is registered here, else by sending
 * the envelope to the Cloudflare Queue.
 */
import { CloudflareWorldError, encodeValue, newMessageId } from '@workflow-world-cloudflare/core';
import {
  type MessageId,
  parseQueueName,
  type Queue,
  QueuePayloadSchema,
  type ValidQueueName,
  ValidQueueName as ValidQueueNameSchema,
} from '@workflow/world';
import { z } from 'zod';
import type { EnqueueRequest } from './coordinator/rpc.js';
import { type Envelope, INLINE_BODY_LIMIT_BYTES } from './envelope.js';
import { runLocally } from './local-run.js';
import type { QueueRuntime } from './runtime.js';
import { shardFor } from './shard.js';
import { spillBody } from './spill.js';

const OptionsSchema = z
  .object({
    deploymentId: z.string().min(1).optional(),
    idempotencyKey: z.string().min(1).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    delaySeconds: z.number().finite().min(0).optional(),
    specVersion: z.number().optional(),
  })
  .optional();

const encoder = new TextEncoder();

function invalid(message: string, cause: unknown): CloudflareWorldError {
  return new CloudflareWorldError('INVALID_MESSAGE', message, { cause });
}

export function createProducer(rt: QueueRuntime): Queue['queue'] {
  return async (queueName, payload, opts) => {
    const name = ValidQueueNameSchema.safeParse(queueName);
    if (!name.success) throw invalid(`Invalid queue name ${JSON.stringify(queueName)}`, name.error);
    const checkedPayload = QueuePayloadSchema.safeParse(payload);
    if (!checkedPayload.success) throw invalid(`Invalid payload for ${queueName}`, checkedPayload.error);
    const options = OptionsSchema.safeParse(opts);
    if (!options.success) throw invalid(`Invalid queue options for ${queueName}`, options.error);
    const o = options.data ?? {};

    const messageId = newMessageId();
    const body = encodeValue(payload);
    const bodySize = encoder.encode(body).byteLength;
    const bodyRef = bodySize > INLINE_BODY_LIMIT_BYTES ? await spillBody(rt.config.bucket, messageId, body) : null;
    const shard = shardFor(payload, o.idempotencyKey, messageId);
    const parsedName = parseQueueName(queueName as ValidQueueName);
    const fastPathAllowed = rt.config.fastPath === true || (rt.config.fastPath === 'workflow' && parsedName.kind === 'workflow');
    const local = fastPathAllowed && rt.registry.has(parsedName.prefix);
    const request: EnqueueRequest = {
      shard,
      messageId,
      queueName,
      body: bodyRef === null ? body : null,
      bodyRef,
      bodySize,
      headers: o.headers ?? {},
      deploymentId: o.deploymentId ?? rt.config.deploymentId,
      idempotencyKey: o.idempotencyKey ?? null,
      delayMs: Math.round((o.delaySeconds ?? 0) * 1000),
      leaseMs: rt.config.leaseSeconds * 1000,
      mode: local ? 'local' : 'queue',
    };
    const stub = rt.coordinator(shard);
    const result = await stub.enqueue(request);

    if (!result.created && bodyRef !== null) rt.waitUntil(rt.config.bucket.delete(bodyRef));
    if (result.delivery === 'local') {
      rt.waitUntil(runLocally(rt, { shard, messageId, queueName, body, bodyRef }));
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
    await stub.settle({ messageId: envelope.messageId, attempt: 1, outcome: { kind: 'unsent' } });
  }
}
