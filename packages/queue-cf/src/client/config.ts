/**
 * Options of {@link createCloudflareQueue}, checked once at creation: a missing binding or a bad number fails
 * there, naming the binding, instead of at the first message.
 */
import { type BindingKind, CloudflareWorldError, isBinding, zodProblems } from '@workflow-world-cloudflare/core';
import { z } from 'zod';
import type { WorkflowQueueObject } from '../object/workflow-queue-object.js';
import type { DeadLetter, Envelope } from '../envelope.js';

const binding = <T>(what: string, kind: BindingKind) => z.custom<T>((value) => isBinding(value, kind), { message: `missing or not a ${what}` });

export const QueueOptionsSchema = z.strictObject({
  /** `WORKFLOW_QUEUE`: producer binding of the delivery queue, consumed by this Worker's `queue()` export. */
  queue: binding<Queue<Envelope>>('Queue producer binding (WORKFLOW_QUEUE)', 'queue'),
  /** `WORKFLOW_DLQ`: producer binding of the dead-letter queue (`workflow-dlq`). */
  deadLetterQueue: binding<Queue<DeadLetter>>('Queue producer binding (WORKFLOW_DLQ)', 'queue'),
  /** `WORKFLOW_QUEUE_COORDINATOR`: namespace of {@link WorkflowQueueObject}. */
  coordinator: binding<DurableObjectNamespace<WorkflowQueueObject>>('Durable Object namespace (WORKFLOW_QUEUE_COORDINATOR)', 'durableObjectNamespace'),
  /** `BUCKET`: R2 bucket for bodies above 100 KiB (`queue/<messageId>`). */
  bucket: binding<R2Bucket>('R2 bucket binding (BUCKET)', 'r2'),
  /** Returned by `getDeploymentId()` and stamped on messages that do not name one. */
  deploymentId: z.string().min(1),
  /** HMAC-SHA256 key for flow/step HTTP deliveries. Without it the HTTP routes answer 401 to everything. */
  signingSecret: z.string().min(16).optional(),
  /**
   * How far from now a signed delivery's timestamp may be (past or future) before the routes refuse it with
   * 401, so a captured request cannot be replayed later. Default 300 s.
   */
  signatureWindowSeconds: z.number().int().min(1).max(3_600).default(300),
  /** Deliveries of one message before it goes to the dead-letter queue. Default 64 (the runtime gives up at 48). */
  maxAttempts: z.number().int().min(1).max(1000).default(64),
  /**
   * How long a started delivery may go without news before the coordinator redelivers it. Default 300 s.
   * A running handler renews it every third of that, so only lost deliveries (isolate gone) are redelivered.
   */
  leaseSeconds: z.number().int().min(1).max(86_400).default(300),
  /** Exponential backoff after a handler throws: `initialSeconds * 2^(attempt-1)`, capped. Default 1 s .. 900 s. */
  retryBackoff: z
    .strictObject({ initialSeconds: z.number().min(0), maxSeconds: z.number().min(0) })
    .default({ initialSeconds: 1, maxSeconds: 900 }),
  /** Where to deliver messages whose handler is not registered in this Worker: a service binding or a base URL. */
  forward: z
    .union([z.url(), binding<Fetcher>('service binding (Fetcher)', 'fetcher')])
    .optional(),
  /**
   * Run messages due now in this isolate when a handler is registered here. Default true. `'workflow'` keeps the
   * fast path for workflow replays (short) and sends steps through Cloudflare Queues, whose consumers may run for
   * minutes — fast-path work lives in `waitUntil`, which the platform ends about 30 s after the response, so a
   * longer step started there is cut off and redelivered after its lease.
   */
  fastPath: z.union([z.boolean(), z.literal('workflow')]).default(true),
  /** Keeps fast-path work alive after the response; default `waitUntil` from `cloudflare:workers`. */
  waitUntil: z.custom<(promise: Promise<unknown>) => void>((v) => typeof v === 'function').optional(),
});

export type QueueOptions = z.input<typeof QueueOptionsSchema>;
export type QueueConfig = z.output<typeof QueueOptionsSchema>;

/** @throws CloudflareWorldError `BINDING_MISSING` (a binding is absent) or `CONFIG_INVALID` (anything else). */
export function parseQueueOptions(options: QueueOptions): QueueConfig {
  const result = QueueOptionsSchema.safeParse(options);
  if (result.success) return result.data;
  const problems = zodProblems(result.error, '(options)');
  const bindingProblem = result.error.issues.some((i) => i.code === 'custom');
  throw new CloudflareWorldError(
    bindingProblem ? 'BINDING_MISSING' : 'CONFIG_INVALID',
    `Invalid createCloudflareQueue options: ${problems.join('; ')}`,
    { cause: result.error, details: { issues: problems } },
  );
}

/** Delay before redelivering after the handler threw on `attempt`. */
export function backoffMs(config: QueueConfig, attempt: number): number {
  const { initialSeconds, maxSeconds } = config.retryBackoff;
  return Math.round(Math.min(maxSeconds, initialSeconds * 2 ** (attempt - 1)) * 1000);
}
