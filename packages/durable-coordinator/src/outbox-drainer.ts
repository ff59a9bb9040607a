/**
 * Applies the run object's outbox to D1, in order, one drain at a time. A failed apply keeps the rows,
 * counts the attempt and sets the alarm with backoff; the alarm drains again until D1 has them.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import type { IndexOp, TokenOwner, WorkflowIndex } from '@workflow-world-cloudflare/storage-d1';
import type { CreateEventCall } from './rpc.js';
import { readHook } from './run-state/hooks.js';
import { enqueueOps, pendingOps, recordFailedAttempt, removeOps, retryDelayMs } from './run-state/outbox.js';
import type { RunSql } from './run-state/sql.js';

/** Outbox entries applied per D1 batch, so a long outage's backlog never becomes one huge batch. */
const ENTRIES_PER_APPLY = 50;

export interface OutboxDrainer {
  /** Drains everything pending; rejects (after scheduling the alarm) when D1 refuses. */
  drain(): Promise<void>;
  /** `drain` after a commit: the write already succeeded, so a D1 failure only delays the index. */
  drainAfterCommit(): Promise<void>;
  /** Releases a token claimed for a `hook_created` whose transaction then failed, unless a live hook holds it. */
  releaseUnusedClaim(call: CreateEventCall, claim: TokenOwner): Promise<void>;
}

export function createOutboxDrainer(opts: { h: RunSql; storage: DurableObjectStorage; index: () => WorkflowIndex }): OutboxDrainer {
  const { h, storage } = opts;
  // Drains are chained so two callers never apply overlapping entries out of order.
  let chain: Promise<void> = Promise.resolve();

  async function drainOnce(): Promise<void> {
    for (;;) {
      const batch = pendingOps(h).slice(0, ENTRIES_PER_APPLY);
      const last = batch[batch.length - 1];
      if (!last) return;
      try {
        await opts.index().apply(batch.flatMap((e) => e.ops));
      } catch (cause) {
        const attempts = storage.transactionSync(() => recordFailedAttempt(h));
        await storage.setAlarm(Date.now() + retryDelayMs(attempts));
        throw CloudflareWorldError.is(cause) ? cause : new CloudflareWorldError('INDEX_UNAVAILABLE', 'Applying the outbox to D1 failed', { cause });
      }
      storage.transactionSync(() => removeOps(h, last.seq));
    }
  }

  function drain(): Promise<void> {
    const run = chain.then(drainOnce);
    // The next drain must start even if this one failed; the failure itself reaches this drain's caller.
    chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  return {
    drain,
    async drainAfterCommit() {
      try {
        await drain();
      } catch (err) {
        // The alarm is set and will retry; the index lags, the run's write stands.
        if (CloudflareWorldError.is(err) && err.code === 'INDEX_UNAVAILABLE') return;
        throw err;
      }
    },
    async releaseUnusedClaim(call, claim) {
      if (call.event.eventType !== 'hook_created') return;
      const { correlationId: hookId, eventData } = call.event;
      if (claim.runId !== call.runId || claim.hookId !== hookId) return;
      if (readHook(h, hookId)?.token === eventData.token) return;
      const release: IndexOp = { op: 'releaseToken', token: eventData.token, runId: call.runId, hookId };
      storage.transactionSync(() => enqueueOps(h, [release]));
      await this.drainAfterCommit();
    },
  };
}
