/**
 * Operator actions on runs. Cancel is the DevKit's own `run_cancelled` event, so replay sees it. Pause and
 * resume change only delivery: the run's queue messages are held in its coordinator object and released on
 * resume; no event is written because the DevKit's event log has no such event types (a replay of a paused
 * run is identical to an unpaused one — it simply happens later). The run object keeps a pause flag beside its
 * log so `runs.get` / `runs.list` show `executionContext.paused: true` + `pausedAt` while paused.
 */
import type { RunControls } from '@workflow-world-cloudflare/durable-coordinator';
import type { CloudflareQueue } from '@workflow-world-cloudflare/queue-cf';
import type { Storage, WorkflowRun } from '@workflow/world';

export interface WorldControls {
  /** Cancels the run (`run_cancelled`; idempotent on a cancelled run). Its hooks and waits are released. */
  cancel(runId: string): Promise<WorkflowRun>;
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
}

export function createControls(deps: { storage: Storage; queue: CloudflareQueue; runs: RunControls }): WorldControls {
  const { storage, queue, runs } = deps;
  return {
    async cancel(runId) {
      const result = await storage.events.create(runId, { eventType: 'run_cancelled' });
      // A paused run's held messages would otherwise stay stored forever; delivered now, they find the run
      // cancelled and end at once.
      await queue.releaseRun(runId);
      if (!result.run) return storage.runs.get(runId);
      return result.run;
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
  };
}
