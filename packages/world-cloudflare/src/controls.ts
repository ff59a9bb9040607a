/**
 * Operator actions on runs. Cancel is the DevKit's own `run_cancelled` event, so replay sees it. Pause and
 * resume change only delivery: the run's queue messages are held in its coordinator object and released on
 * resume; no event is written because the DevKit's event log has no such event types (a replay of a paused
 * run is identical to an unpaused one — it simply happens later).
 */
import type { CloudflareQueue } from '@workflow-world-cloudflare/queue-cf';
import type { Storage, WorkflowRun } from '@workflow/world';

export interface WorldControls {
  /** Cancels the run (`run_cancelled`; idempotent on a cancelled run). Its hooks and waits are released. */
  cancel(runId: string): Promise<WorkflowRun>;
  /** Holds the run's deliveries: nothing of it executes until {@link resume}. Timers keep running. */
  pause(runId: string): Promise<void>;
  /** Releases held deliveries; those that fell due meanwhile are sent at once. */
  resume(runId: string): Promise<void>;
}

export function createControls(deps: { storage: Storage; queue: CloudflareQueue }): WorldControls {
  const { storage, queue } = deps;
  return {
    async cancel(runId) {
      const result = await storage.events.create(runId, { eventType: 'run_cancelled' });
      if (!result.run) return storage.runs.get(runId);
      return result.run;
    },
    async pause(runId) {
      await storage.runs.get(runId, { resolveData: 'none' }); // WorkflowRunNotFoundError for unknown runs
      await queue.holdRun(runId);
    },
    async resume(runId) {
      await storage.runs.get(runId, { resolveData: 'none' });
      await queue.releaseRun(runId);
    },
  };
}
