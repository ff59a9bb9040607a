/**
 * A message for a run's inbox, as the run queue hands it to the run's object (`enqueue`). Parsed with zod in
 * the object: RPC is a boundary, and a bad call must fail before anything is written.
 */
import { z } from 'zod';

export const EnqueueCallSchema = z.strictObject({
  runId: z.string().min(1).max(1024),
  messageId: z.string().regex(/^msg_[0-9A-Z]+$/),
  queueName: z.string().min(1).max(1024),
  /** `encodeValue(payload)`, or null when the body was spilled to R2 (`bodyRef`). */
  body: z.string().nullable(),
  bodyRef: z.string().nullable(),
  bodySize: z.number().int().min(0),
  headers: z.record(z.string(), z.string()),
  deploymentId: z.string().min(1),
  idempotencyKey: z.string().min(1).max(1024).nullable(),
  delayMs: z.number().int().min(0),
});
export type EnqueueCall = z.infer<typeof EnqueueCallSchema>;

/**
 * Messages one `run_created` call carries at most (`start()`'s first wake rides in it: `client/run-starts.ts`);
 * any more are sent on their own.
 */
export const MAX_RIDING_MESSAGES = 4;

/** `created: false`: a pending message with the same idempotency key (or id) exists; its id is returned. */
export interface EnqueueOutcome {
  messageId: string;
  created: boolean;
}

const PLAIN_WAKE_KEYS = new Set(['runId', 'traceCarrier', 'requestedAt']);

/**
 * A workflow wake that carries nothing but the run: the run queue may coalesce it with a wake already on its way,
 * and the inbox lets any replay that starts after it was stored cover it.
 */
export function isPlainWakePayload(payload: unknown): boolean {
  return typeof payload === 'object' && payload !== null && Object.keys(payload).every((k) => PLAIN_WAKE_KEYS.has(k));
}
