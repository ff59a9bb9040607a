/**
 * Which coordinator object owns a message. By run: idempotency keys (step correlation ids) belong to one run,
 * so coalescing stays atomic inside that run's object, and a run can be held / released in one place.
 * Messages without a run (health checks) go by idempotency key, else by their own id.
 */
export function shardFor(payload: unknown, idempotencyKey: string | undefined, messageId: string): string {
  if (typeof payload === 'object' && payload !== null) {
    const p = payload as { runId?: unknown; workflowRunId?: unknown };
    const runId = typeof p.runId === 'string' ? p.runId : typeof p.workflowRunId === 'string' ? p.workflowRunId : undefined;
    if (runId) return `run:${runId}`;
  }
  if (idempotencyKey) return `key:${idempotencyKey}`;
  return `msg:${messageId}`;
}

/** The shard of a run's messages, for hold / release. */
export const runShard = (runId: string): string => `run:${runId}`;
