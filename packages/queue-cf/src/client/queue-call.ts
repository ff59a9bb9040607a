/**
 * The edge of `Queue.queue()`: the queue name, payload and options a caller passes, checked with the DevKit's
 * own schemas before anything is written, and the payload encoded as it is stored and carried
 * (`encodeValue`, so bytes and dates survive). Every producer of messages goes through it — the coordinator
 * path here, and the run objects' inboxes.
 */
import { CloudflareWorldError, encodeValue } from '@workflow-world-cloudflare/core';
import {
  parseQueueName,
  type Queue,
  QueuePayloadSchema,
  type ValidQueueName,
  ValidQueueName as ValidQueueNameSchema,
} from '@workflow/world';
import { z } from 'zod';

const OptionsSchema = z
  .object({
    deploymentId: z.string().min(1).optional(),
    idempotencyKey: z.string().min(1).optional(),
    headers: z.record(z.string(), z.string()).optional(),
    delaySeconds: z.number().finite().min(0).optional(),
    specVersion: z.number().optional(),
  })
  .optional();

/** One checked `queue()` call. */
export interface QueueCall {
  queueName: ValidQueueName;
  kind: 'workflow' | 'step';
  /** The queue-name prefix a handler registers under (`__wkf_workflow_`, `__wkf_step_`). */
  prefix: string;
  payload: unknown;
  /** `encodeValue(payload)`. */
  body: string;
  bodySize: number;
  idempotencyKey: string | null;
  headers: Record<string, string>;
  deploymentId: string | null;
  delayMs: number;
}

const encoder = new TextEncoder();

function invalid(message: string, cause: unknown): CloudflareWorldError {
  return new CloudflareWorldError('INVALID_MESSAGE', message, { cause });
}

/** @throws CloudflareWorldError `INVALID_MESSAGE` naming what is wrong; nothing has been written. */
export function parseQueueCall(...[queueName, payload, opts]: Parameters<Queue['queue']>): QueueCall {
  const name = ValidQueueNameSchema.safeParse(queueName);
  if (!name.success) throw invalid(`Invalid queue name ${JSON.stringify(queueName)}`, name.error);
  const checkedPayload = QueuePayloadSchema.safeParse(payload);
  if (!checkedPayload.success) throw invalid(`Invalid payload for ${queueName}`, checkedPayload.error);
  const options = OptionsSchema.safeParse(opts);
  if (!options.success) throw invalid(`Invalid queue options for ${queueName}`, options.error);
  const o = options.data ?? {};
  const parsedName = parseQueueName(queueName as ValidQueueName);
  const body = encodeValue(payload);
  return {
    queueName: queueName as ValidQueueName,
    kind: parsedName.kind === 'workflow' ? 'workflow' : 'step',
    prefix: parsedName.prefix,
    payload,
    body,
    bodySize: encoder.encode(body).byteLength,
    idempotencyKey: o.idempotencyKey ?? null,
    headers: o.headers ?? {},
    deploymentId: o.deploymentId ?? null,
    delayMs: Math.round((o.delaySeconds ?? 0) * 1000),
  };
}

/**
 * The run a message belongs to: `runId` of workflow messages, `workflowRunId` of step messages. Health checks
 * and other run-less messages have none.
 */
export function runIdOf(payload: unknown): string | undefined {
  if (typeof payload !== 'object' || payload === null || '__healthCheck' in payload) return undefined;
  const p = payload as { runId?: unknown; workflowRunId?: unknown };
  if (typeof p.runId === 'string' && p.runId !== '') return p.runId;
  if (typeof p.workflowRunId === 'string' && p.workflowRunId !== '') return p.workflowRunId;
  return undefined;
}
