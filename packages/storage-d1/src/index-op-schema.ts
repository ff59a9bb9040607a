/**
 * zod schema of `IndexOp`: ops arrive from the run object's outbox (stored as JSON, replayed by alarms), so
 * they are checked once at the door. A bad op rejects the whole call before anything is written.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { WorkflowRunStatusSchema } from '@workflow/world';
import { z } from 'zod';
import type { IndexOp } from './types.js';

const id = z.string().min(1);
const millis = z.number().int().nonnegative();

const RunIndexRowSchema = z.strictObject({
  runId: id,
  workflowName: z.string(),
  status: WorkflowRunStatusSchema,
  deploymentId: z.string(),
  createdAt: millis,
  updatedAt: millis,
  version: z.number().int().nonnegative(),
  data: z.string(),
});

const HookIndexRowSchema = z.strictObject({
  hookId: id,
  runId: id,
  token: id,
  createdAt: millis,
  data: z.string(),
});

export const IndexOpSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('upsertRun'), run: RunIndexRowSchema }),
  z.strictObject({ op: z.literal('putStep'), stepId: id, runId: id }),
  z.strictObject({ op: z.literal('putCorrelation'), correlationId: id, runId: id }),
  z.strictObject({ op: z.literal('upsertHook'), hook: HookIndexRowSchema }),
  z.strictObject({ op: z.literal('deleteHook'), hookId: id }),
  z.strictObject({ op: z.literal('releaseToken'), token: id, runId: id, hookId: id }),
  z.strictObject({ op: z.literal('releaseRunTokens'), runId: id }),
  z.strictObject({ op: z.literal('purgeRun'), runId: id, stepIds: z.array(id), correlationIds: z.array(id) }),
]) satisfies z.ZodType<IndexOp>;

/** @throws CloudflareWorldError `INVALID_ARGUMENT` naming the first bad op. */
export function parseIndexOps(ops: unknown): IndexOp[] {
  const parsed = z.array(IndexOpSchema).safeParse(ops);
  if (!parsed.success) {
    throw new CloudflareWorldError('INVALID_ARGUMENT', `Invalid index ops: ${z.prettifyError(parsed.error)}`, {
      cause: parsed.error,
      details: { issues: parsed.error.issues },
    });
  }
  return parsed.data;
}
