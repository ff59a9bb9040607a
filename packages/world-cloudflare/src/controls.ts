/**
 * Operator actions on runs. Cancel is the DevKit's own `run_cancelled` event, so replay sees it. Pause and
 * resume change only delivery: the run's queue messages are held in its coordinator object and released on
 * resume; no event is written because the DevKit's event log has no such event types (a replay of a paused
 * run is identical to an unpaused one — it simply happens later). The run object keeps a pause flag beside its
 * log so `runs.get` / `runs.list` show `executionContext.paused: true` + `pausedAt` while paused.
 */
import { CloudflareWorldError, RetentionSchema, zodProblems } from '@workflow-world-cloudflare/core';
import type { OrphanSweeper, RetentionState, RunControls, SweepOptions, SweepResult } from '@workflow-world-cloudflare/durable-coordinator';
import type { CloudflareQueue } from '@workflow-world-cloudflare/queue-cf';
import type { Storage, WorkflowRun } from '@workflow/world';
import {
  type BulkCancelResult,
  type CancelMatchingFilter,
  cancelEach,
  parseBulkCancel,
  parseCancelFilter,
} from './bulk-cancel.js';

export type { BulkCancelOutcome, BulkCancelResult, CancelMatchingFilter } from './bulk-cancel.js';
export type { RetentionState, SweepOptions, SweepResult } from '@workflow-world-cloudflare/durable-coordinator';

/** What a cancel may record: `cancelReason` (≤ 512 characters) goes on the `run_cancelled` event's `eventData`. */
export interface CancelOptions {
  cancelReason?: string;
}

export interface WorldControls {
  /**
   * Cancels the run (`run_cancelled`; idempotent on a cancelled run, which keeps its first reason). Its hooks
   * and waits are released.
   */
  cancel(runId: string, options?: CancelOptions): Promise<WorkflowRun>;
  /**
   * Cancels up to 500 runs, with one outcome per id in request order (`cancelled`, `already_cancelled`,
   * `not_cancellable` + the status it ended as, `not_found`, `failed` + code and whether a retry may help) and
   * a summary; `cancelReason` is recorded on each run it cancels. The DevKit 5 `cancelMany` shape.
   *
   * @throws CloudflareWorldError `INVALID_ARGUMENT` (empty, more than 500 or duplicate ids; reason over 512
   *   characters) before anything is cancelled.
   */
  cancelMany(runIds: string[], cancelReason?: string): Promise<BulkCancelResult>;
  /**
   * Cancels the live runs of one workflow (`status` `running` by default, or `pending`), at most `limit` (≤ 500)
   * per call, as listed by the D1 index. `hasMore`: more matched than this call took; call again until it is
   * `false` (cancelled runs drop out of the filter).
   */
  cancelMatching(filter: CancelMatchingFilter, cancelReason?: string): Promise<BulkCancelResult & { hasMore: boolean }>;
  /** Holds the run's deliveries: nothing of it executes until {@link resume}. Timers keep running. */
  pause(runId: string): Promise<void>;
  /** Releases held deliveries; those that fell due meanwhile are sent at once. */
  resume(runId: string): Promise<void>;
  /**
   * What the run's object executes and holds (`execution: 'run-object'`): its pending and running messages
   * with their attempts and due times, how many replays and steps it delivered (and at most how many at once),
   * wakes folded into replays, deliveries recovered after a restart, event rows its cache read.
   */
  inspect(runId: string): ReturnType<RunControls['inspect']>;
  /**
   * This run's retention, instead of `RUN_RETENTION`: `'forever'` (e.g. a legal hold), `0` (delete once it
   * ends, or now if it has) or `'30s'` / `'15m'` / `'12h'` / `'7d'`, counted from its end. Answers where its
   * expiry stands.
   *
   * @throws CloudflareWorldError `INVALID_ARGUMENT` for a bad value; WorkflowRunNotFoundError for an unknown
   *   run; RunExpiredError once it expired.
   */
  setRetention(runId: string, retention: string | number): Promise<RetentionState>;
  /**
   * Retention's backstop: one bounded page of a sweep over the run prefixes in R2 (payloads, then streams),
   * deleting the data of runs no object holds (a run that never came to be), older than `graceMs` (1 h). Call
   * again with the returned `cursor` until it is absent, e.g. from a Cron Trigger.
   */
  sweepOrphans(options?: SweepOptions): Promise<SweepResult>;
}

export function createControls(deps: { storage: Storage; queue: CloudflareQueue; runs: RunControls; sweeper: OrphanSweeper }): WorldControls {
  const { storage, queue, runs } = deps;
  const cancel: WorldControls['cancel'] = async (runId, options) => {
    const cancelReason = options?.cancelReason;
    // `eventData.cancelReason` is DevKit 5's field; 4.5's event type has no eventData on run_cancelled.
    const event = { eventType: 'run_cancelled', ...(cancelReason === undefined ? {} : { eventData: { cancelReason } }) } as const;
    const result = await storage.events.create(runId, event as Parameters<Storage['events']['create']>[1]);
    // A paused run's held messages would otherwise stay stored forever; delivered now, they find the run
    // cancelled and end at once.
    await queue.releaseRun(runId);
    if (!result.run) return storage.runs.get(runId);
    return result.run;
  };
  return {
    cancel,
    async cancelMany(runIds, cancelReason) {
      const request = parseBulkCancel(runIds, cancelReason);
      return cancelEach(storage, cancel, request.runIds, request.cancelReason);
    },
    async cancelMatching(filter, cancelReason) {
      const request = parseCancelFilter(filter, cancelReason);
      const page = await storage.runs.list({
        workflowName: request.workflowName,
        status: request.status,
        pagination: { limit: request.limit },
        resolveData: 'none',
      });
      const result = await cancelEach(storage, cancel, page.data.map((r) => r.runId), request.cancelReason);
      return { ...result, hasMore: page.hasMore };
    },
    // Order keeps one invariant when the second step fails: deliveries are held only while the flag says
    // paused, so a run is never silently stuck. Pause sets the flag first (it also refuses unknown runs with
    // WorkflowRunNotFoundError and terminal ones with EntityConflictError), then holds; resume releases
    // first, then clears the flag. A failure leaves the flag showing "paused" and the operator retries.
    async pause(runId) {
      await runs.setPaused(runId, true);
      await queue.holdRun(runId);
    },
    async resume(runId) {
      await queue.releaseRun(runId);
      await runs.setPaused(runId, false);
    },
    inspect: (runId) => runs.inspect(runId),
    async setRetention(runId, retention) {
      const parsed = RetentionSchema.safeParse(retention);
      if (!parsed.success) {
        throw new CloudflareWorldError('INVALID_ARGUMENT', `Invalid retention: ${zodProblems(parsed.error).join('; ')}`);
      }
      return runs.setRetention(runId, parsed.data);
    },
    sweepOrphans: (options) => deps.sweeper.sweep(options),
  };
}
