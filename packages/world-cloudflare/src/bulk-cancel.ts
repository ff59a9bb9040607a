/**
 * Cancelling many runs in one call, in the shapes DevKit 5 gives it (`BulkCancelWorkflowRunsRequest` /
 * `...Result`: at most 500 unique ids, a reason of at most 512 characters recorded on each `run_cancelled`, one
 * outcome per id in request order, and a summary). 4.5 has no such call; ours answers the same so a caller
 * written against 5 reads it unchanged.
 *
 * Each id is one run object: its run is read (without payloads), a live one is cancelled (one more call, plus
 * one to the queue when it was paused). Ids are worked 16 at a time, so 500 ids stay within a Worker request's
 * subrequest budget and the run objects are not stampeded.
 */
import { CloudflareWorldError, zodProblems } from '@workflow-world-cloudflare/core';
import { MAX_CANCEL_REASON_LENGTH } from '@workflow-world-cloudflare/durable-coordinator';
import type { Storage, WorkflowRunStatus } from '@workflow/world';
import { z } from 'zod';

/** As DevKit 5 sizes it (`BULK_CANCEL_MAX_RUN_IDS`). */
export const BULK_CANCEL_MAX_RUN_IDS = 500;
const CONCURRENCY = 16;

export type BulkCancelOutcome =
  | { runId: string; outcome: 'cancelled' }
  | { runId: string; outcome: 'already_cancelled' }
  /** The run had ended otherwise (`completed` / `failed`); `status` is what it ended as. */
  | { runId: string; outcome: 'not_cancellable'; status: string }
  | { runId: string; outcome: 'not_found' }
  /** `code`: the error's code or name; `retryable`: whether calling again may succeed (storage or network trouble). */
  | { runId: string; outcome: 'failed'; code: string; retryable: boolean };

export interface BulkCancelResult {
  summary: {
    requested: number;
    cancelled: number;
    alreadyCancelled: number;
    notCancellable: number;
    notFound: number;
    failed: number;
  };
  /** One per requested id, in request order. */
  results: BulkCancelOutcome[];
}

/** The live runs of one workflow to cancel: `status` `'running'` (default) or `'pending'` (not started yet). */
export interface CancelMatchingFilter {
  workflowName: string;
  status?: 'running' | 'pending';
  /** How many to cancel in this call, 1–500 (default 500). */
  limit?: number;
}

const CancelReasonSchema = z.string().max(MAX_CANCEL_REASON_LENGTH).optional();

const RequestSchema = z.strictObject({
  runIds: z
    .array(z.string().min(1).max(1024))
    .min(1)
    .max(BULK_CANCEL_MAX_RUN_IDS)
    .refine((ids) => new Set(ids).size === ids.length, { message: 'runIds must not contain duplicates' }),
  cancelReason: CancelReasonSchema,
});

const FilterSchema = z.strictObject({
  workflowName: z.string().min(1),
  status: z.enum(['running', 'pending']).default('running'),
  limit: z.number().int().min(1).max(BULK_CANCEL_MAX_RUN_IDS).default(BULK_CANCEL_MAX_RUN_IDS),
  cancelReason: CancelReasonSchema,
});

/**
 * @throws CloudflareWorldError `INVALID_ARGUMENT` for an empty, oversized or duplicated id list or a reason over
 *   512 characters; nothing is cancelled then.
 */
export function parseBulkCancel(runIds: unknown, cancelReason: unknown): { runIds: string[]; cancelReason?: string } {
  const parsed = RequestSchema.safeParse({ runIds, ...(cancelReason === undefined ? {} : { cancelReason }) });
  if (!parsed.success) throw invalid('cancelMany', parsed.error);
  return parsed.data;
}

/** @throws CloudflareWorldError `INVALID_ARGUMENT` (no workflow name, a bad status or limit, reason over 512). */
export function parseCancelFilter(filter: unknown, cancelReason: unknown): z.output<typeof FilterSchema> {
  const parsed = FilterSchema.safeParse({ ...(filter as object), ...(cancelReason === undefined ? {} : { cancelReason }) });
  if (!parsed.success) throw invalid('cancelMatching', parsed.error);
  return parsed.data;
}

function invalid(call: string, error: z.ZodError): CloudflareWorldError {
  const problems = zodProblems(error, '(request)');
  return new CloudflareWorldError('INVALID_ARGUMENT', `Invalid ${call} request: ${problems.join('; ')}`, {
    cause: error,
    details: { issues: problems },
  });
}

/** `control.cancel`: what the bulk call does for each live run. */
export type CancelOne = (runId: string, options: { cancelReason?: string }) => Promise<unknown>;

export async function cancelEach(
  storage: Storage,
  cancelOne: CancelOne,
  runIds: string[],
  cancelReason: string | undefined,
): Promise<BulkCancelResult> {
  const results: BulkCancelOutcome[] = new Array(runIds.length);
  let next = 0;
  const worker = async () => {
    while (next < runIds.length) {
      const i = next++;
      results[i] = await cancelOutcome(storage, cancelOne, runIds[i] as string, cancelReason);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, runIds.length) }, worker));
  return { summary: summarize(results), results };
}

async function cancelOutcome(storage: Storage, cancelOne: CancelOne, runId: string, cancelReason: string | undefined): Promise<BulkCancelOutcome> {
  try {
    const before = await storage.runs.get(runId, { resolveData: 'none' });
    const ended = endedOutcome(runId, before.status);
    if (ended) return ended;
    await cancelOne(runId, cancelReason === undefined ? {} : { cancelReason });
    return { runId, outcome: 'cancelled' };
  } catch (err) {
    const name = (err as { name?: string } | null)?.name;
    if (name === 'WorkflowRunNotFoundError') return { runId, outcome: 'not_found' };
    if (name === 'EntityConflictError') {
      // It ended between the read and the cancel: say how.
      const after = await storage.runs.get(runId, { resolveData: 'none' }).catch(() => undefined);
      if (after) return endedOutcome(runId, after.status) ?? failed(runId, err);
    }
    return failed(runId, err);
  }
}

function endedOutcome(runId: string, status: WorkflowRunStatus): BulkCancelOutcome | undefined {
  if (status === 'cancelled') return { runId, outcome: 'already_cancelled' };
  if (status === 'completed' || status === 'failed') return { runId, outcome: 'not_cancellable', status };
  return undefined;
}

function failed(runId: string, err: unknown): BulkCancelOutcome {
  const code = CloudflareWorldError.is(err) ? err.code : ((err as { name?: string } | null)?.name ?? 'Error');
  // Bad input or a run this World cannot serve will not change on a retry; anything else (storage, network) may.
  const permanent = code === 'INVALID_EVENT' || code === 'LEGACY_RUN_UNSUPPORTED' || code === 'RunNotSupportedError';
  return { runId, outcome: 'failed', code, retryable: !permanent };
}

function summarize(results: BulkCancelOutcome[]): BulkCancelResult['summary'] {
  const count = (o: BulkCancelOutcome['outcome']) => results.filter((r) => r.outcome === o).length;
  return {
    requested: results.length,
    cancelled: count('cancelled'),
    alreadyCancelled: count('already_cancelled'),
    notCancellable: count('not_cancellable'),
    notFound: count('not_found'),
    failed: count('failed'),
  };
}
