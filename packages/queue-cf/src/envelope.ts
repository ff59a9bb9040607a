/**
 * What travels through the Cloudflare Queue (`WORKFLOW_QUEUE`) and the dead-letter queue (`WORKFLOW_DLQ`).
 * The payload is carried as `encodeValue` text so `Uint8Array`s and dates survive JSON; bodies too large for
 * a queue message are kept in R2 and the envelope names the object instead.
 */
import { ValidQueueName } from '@workflow/world';
import { z } from 'zod';

/** Cloudflare Queues reject messages above 128 KB. */
export const QUEUE_MESSAGE_LIMIT_BYTES = 128 * 1024;
/**
 * Encoded bodies above this many bytes are spilled to R2. The margin (28 KiB) leaves room for the queue
 * name, trace headers and the envelope's own fields, and keeps coordinator rows small.
 */
export const INLINE_BODY_LIMIT_BYTES = 100 * 1024;
/** R2 key prefix of spilled bodies: `queue/<messageId>`. */
export const SPILL_PREFIX = 'queue/';

const QueueNameText = z
  .string()
  .refine((s) => ValidQueueName.safeParse(s).success, 'Must be a valid queue name with a recognized prefix');

/** One delivery of one message. `attempt` is 1-based and counts every delivery of this messageId. */
export const EnvelopeSchema = z
  .strictObject({
    v: z.literal(1),
    messageId: z.string().regex(/^msg_[0-9A-Z]+$/),
    queueName: QueueNameText,
    /** Name of the coordinator object that owns the message (`idFromName(shard)`). */
    shard: z.string().min(1),
    attempt: z.number().int().min(1),
    deploymentId: z.string().min(1),
    headers: z.record(z.string(), z.string()),
    /** `encodeValue(payload)` when it fits in a queue message. */
    body: z.string().optional(),
    /** R2 key of the spilled `encodeValue(payload)` otherwise. */
    bodyRef: z.string().startsWith(SPILL_PREFIX).optional(),
  })
  .refine((e) => (e.body === undefined) !== (e.bodyRef === undefined), 'Exactly one of body and bodyRef');

export type Envelope = z.infer<typeof EnvelopeSchema>;

/** What the dead-letter queue receives: the last envelope (when one could be read) and why it died. */
export const DeadLetterSchema = z.strictObject({
  reason: z.enum(['max-attempts', 'malformed']),
  error: z.string(),
  envelope: z.unknown().optional(),
  deadAt: z.number(),
});

export type DeadLetter = z.infer<typeof DeadLetterSchema>;
