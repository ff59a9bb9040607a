/**
 * Arguments and results of the coordinator's RPC methods. Arguments are parsed with zod inside the object:
 * RPC is a boundary, and a bad call must fail before anything is written.
 */
import { z } from 'zod';

const MessageIdText = z.string().regex(/^msg_[0-9A-Z]+$/);
const Ms = z.number().int().min(0);

export const EnqueueRequestSchema = z.strictObject({
  /** The name the caller addressed this object by; copied into every envelope so consumers can find it. */
  shard: z.string().min(1),
  messageId: MessageIdText,
  queueName: z.string().min(1),
  body: z.string().nullable(),
  bodyRef: z.string().nullable(),
  bodySize: z.number().int().min(0),
  headers: z.record(z.string(), z.string()),
  deploymentId: z.string().min(1),
  idempotencyKey: z.string().min(1).nullable(),
  delayMs: Ms,
  leaseMs: z.number().int().min(1),
  /**
   * How the caller will deliver attempt 1 when the message is due now: `local` (in-process fast path),
   * `queue` (it sends the envelope to the Cloudflare Queue itself) or `alarm` (leave it to the object).
   */
  mode: z.enum(['local', 'queue', 'alarm']),
});
export type EnqueueRequest = z.infer<typeof EnqueueRequestSchema>;

/** `delivery` says what the caller must do now: run it locally, send it, or nothing (stored / coalesced). */
export interface EnqueueResult {
  messageId: string;
  created: boolean;
  delivery: 'local' | 'queue' | 'none';
  shard: string;
}

export const ClaimRequestSchema = z.strictObject({ messageId: MessageIdText, attempt: z.number().int().min(1) });
export type ClaimRequest = z.infer<typeof ClaimRequestSchema>;
/**
 * `ok`: run it, within a lease of `leaseMs` (renew it with `renew` while the handler runs). `stale`: an older
 * copy (a newer attempt exists or it is running). `gone`: already acked. `held`: run paused.
 */
export type ClaimResult = { status: 'ok'; leaseMs: number } | { status: 'stale' | 'gone' | 'held' };

/** Extends the lease of delivery `attempt` of a message, while its handler still runs. */
export const RenewRequestSchema = z.strictObject({ messageId: MessageIdText, attempt: z.number().int().min(1) });
export type RenewRequest = z.infer<typeof RenewRequestSchema>;
/**
 * `renewed`: the lease now ends at `leaseUntil` (`leaseMs` from now). `stale`: the message is no longer this
 * delivery's (acked, superseded by a newer attempt, or its lease already ran out): nothing was extended.
 */
export type RenewResult = { status: 'renewed'; leaseMs: number; leaseUntil: number } | { status: 'stale' };

export const OutcomeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('ack') }),
  /** The handler asked for redelivery (`{ timeoutSeconds }`). `continueLocally`: the caller will run it at once if allowed. */
  z.strictObject({ kind: z.literal('later'), delayMs: Ms, continueLocally: z.boolean() }),
  z.strictObject({ kind: z.literal('failed'), error: z.string(), maxAttempts: z.number().int().min(1), delayMs: Ms }),
  /** The caller could not hand the message to the Cloudflare Queue: the delivery never started. */
  z.strictObject({ kind: z.literal('unsent') }),
]);
export type Outcome = z.infer<typeof OutcomeSchema>;

export const SettleRequestSchema = z.strictObject({
  messageId: MessageIdText,
  attempt: z.number().int().min(1),
  outcome: OutcomeSchema,
});
export type SettleRequest = z.infer<typeof SettleRequestSchema>;

export type SettleResult =
  | { status: 'acked'; bodyRef: string | null }
  | { status: 'scheduled' | 'dead' | 'stale' }
  | { status: 'continue'; attempt: number };

/** What the object holds, for operators and tests. */
export interface QueueObjectSnapshot {
  held: boolean;
  messages: { messageId: string; state: string; attempt: number; dueAt: number; idempotencyKey: string | null }[];
  alarm: number | null;
}
