/**
 * Applies the run object's outbox to D1, in order, one drain at a time. A failed apply keeps the rows,
 * counts the attempt and sets the alarm with backoff; the alarm drains again until D1 has them.
 *
 * Some index writes are deferred: a commit whose ops are only `putStep` / `putCorrelation` (step and wait
 * lookups the DevKit runtime never reads back) is answered before D1 has them, and drained in the
 * background, in one batch with the commits that follow it closely. The alarm is armed in the same
 * synchronous turn as the commit, so the outbox row and the alarm that will drain it become durable together
 * (one output gate): an eviction right after the answer delays those rows until the alarm fires, it never
 * loses them.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import type { IndexOp, TokenOwner, WorkflowIndex } from '@workflow-world-cloudflare/storage-d1';
import type { AlarmSchedule } from './alarm-schedule.js';
import type { CreateEventCall } from '../protocol.js';
import { readHook } from './state/hooks.js';
import { enqueueOps, hasPendingOps, newestPendingSeq, pendingOps, recordFailedAttempt, removeOps, retryDelayMs } from './state/outbox.js';
import type { RunSql } from './state/sql.js';

/** Outbox entries applied per D1 batch, so a long outage's backlog never becomes one huge batch. */
const ENTRIES_PER_APPLY = 50;

/**
 * The least time between two background drains of one object. A deferrable commit drains at once when the
 * last background drain is older than this; otherwise its entry waits for the next one, and every D1 batch of
 * a busy run carries what the run committed since the last. Without it a run's drain applied one batch per D1
 * round trip for as long as the run kept committing (two entries per batch in a seq(100)), and the index was
 * the largest single cost of a step. Measured on the bench Worker (5 × seq(100) under wrangler dev, the three
 * settings interleaved, two rounds): the isolate's CPU was 8.2 / 7.1 s with no interval, 6.5 / 6.6 s with
 * 50 ms and 6.0 / 6.1 s with 500 ms. What it costs: during a busy run, a step or wait lookup by id from
 * another isolate, or a run snapshot in `runs.list` from a storage that did not write it, lags the run by up
 * to this much (the writing storage reads its own at once, see {@link isDeferrable}); a run's end and hook
 * tokens are never deferred.
 */
export const BACKGROUND_DRAIN_INTERVAL_MS = 500;

/**
 * When the alarm drains entries no drain has applied yet: a commit's, if the drain right after it has not
 * emptied the outbox by then (the object was evicted, or D1 is slow), or one held back by
 * {@link BACKGROUND_DRAIN_INTERVAL_MS} when no later commit drained it (a run that went quiet: a long step, a
 * sleep). The alarm, not a timer, so that an eviction meanwhile strands nothing. A drain that empties the
 * outbox deletes the alarm, so in the happy path it never fires. Every pending entry shares the earliest time
 * asked for: a commit never moves the alarm later, since each move is a write (locally a sync of workerd's
 * alarm store; one that moves it earlier is held by the output gate until the alarm is stored). One value for
 * both, so the first commit's alarm also serves the entries that follow it (the inbox's backstop is later): a
 * run's first step, and the commits of a busy run, move no alarm.
 */
export const OUTBOX_ALARM_MS = 1_000;

/** Whether the caller of a commit waits for its index writes (`'await'`) or may get its answer first (`'defer'`). */
export type IndexWait = 'await' | 'defer';

/**
 * The ops a caller may be answered without: lookups by step id / correlation id, read only by
 * `steps.get(undefined, id)` and `events.listByCorrelationId` without a run id, and run snapshots, read by
 * `runs.list` — `createDurableStorage` keeps all of them session-consistent on its own (recent owners; a
 * `runs.list` first flushes the runs this storage wrote). Hook and token ops (`hooks.getByToken`, token
 * claims across runs) are always awaited. An empty list is deferrable: the commit owes nothing.
 */
export function isDeferrable(ops: readonly IndexOp[]): boolean {
  return ops.every((op) => op.op === 'putStep' || op.op === 'putCorrelation' || op.op === 'upsertRun');
}

export interface OutboxDrainer {
  /** Drains everything pending; rejects (after scheduling the alarm) when D1 refuses. */
  drain(): Promise<void>;
  /** `drain` after a commit: the write already succeeded, so a D1 failure only delays the index. */
  drainAfterCommit(): Promise<void>;
  /**
   * Call in the same synchronous turn as the `transactionSync` that enqueued `ops` (no `await` in between).
   * Arms the alarm when `ops` is not empty, then either waits for the drain (`'await'`, or ops that are not
   * {@link isDeferrable}) or starts it in the background and resolves once the alarm is armed. With
   * `'defer'`, a commit that owes nothing resolves at once (pending rows already have a drain or the alarm);
   * with `'await'` it still catches the index up, as callers without a session cache expect.
   */
  afterCommit(ops: readonly IndexOp[], wait: IndexWait): Promise<void>;
  /** On wake: pending rows (an eviction mid-drain, or before the alarm was armed) get the alarm now. */
  ensureAlarm(): Promise<void>;
  /** Releases a token claimed for a `hook_created` whose transaction then failed, unless a live hook holds it. */
  releaseUnusedClaim(call: CreateEventCall, claim: TokenOwner): Promise<void>;
}

export function createOutboxDrainer(opts: {
  h: RunSql;
  storage: DurableObjectStorage;
  alarms: AlarmSchedule;
  index: WorkflowIndex;
  /** The least time between two background drains ({@link BACKGROUND_DRAIN_INTERVAL_MS}), read per commit. */
  backgroundDrainIntervalMs: () => number;
}): OutboxDrainer {
  const { h, storage, alarms } = opts;
  // Drains are chained so two callers never apply overlapping entries out of order.
  let chain: Promise<void> = Promise.resolve();

  /** Applies pending entries in order, up to entry `until` (all of them by default). */
  async function drainOnce(until: number | undefined): Promise<void> {
    let applied = false;
    for (;;) {
      const batch = pendingOps(h, ENTRIES_PER_APPLY, until);
      const last = batch[batch.length - 1];
      if (!last) {
        // Read empty and deleted in one turn: a commit after this read arms its own alarm after this delete.
        // Entries left past `until` keep the alarm their commit armed.
        if (applied && !hasPendingOps(h)) await alarms.want('outbox', null);
        return;
      }
      try {
        // Ops this object built and stored itself: storage-d1 need not check them again.
        await opts.index.apply(batch.flatMap((e) => e.ops), { trusted: true });
      } catch (cause) {
        const attempts = storage.transactionSync(() => recordFailedAttempt(h));
        await alarms.want('outbox', Date.now() + retryDelayMs(attempts));
        throw CloudflareWorldError.is(cause) ? cause : new CloudflareWorldError('INDEX_UNAVAILABLE', 'Applying the outbox to D1 failed', { cause });
      }
      storage.transactionSync(() => removeOps(h, last.seq));
      applied = true;
    }
  }

  function drain(until?: number): Promise<void> {
    const run = chain.then(() => drainOnce(until));
    // The next drain must start even if this one failed; the failure itself reaches this drain's caller.
    chain = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  async function drainAfterCommit(): Promise<void> {
    try {
      await drain();
    } catch (err) {
      // The alarm is set and will retry; the index lags, the run's write stands.
      if (CloudflareWorldError.is(err) && err.code === 'INDEX_UNAVAILABLE') return;
      throw err;
    }
  }

  /** When the last background drain started (see {@link BACKGROUND_DRAIN_INTERVAL_MS}). */
  let lastBackgroundDrainAt = Number.NEGATIVE_INFINITY;

  /**
   * Drains what is pending now, and no more: commits made while it applies wait for the next interval (a
   * drain that went on for them would apply a batch per D1 round trip for as long as the run keeps committing).
   */
  function drainInBackground(): void {
    lastBackgroundDrainAt = Date.now();
    drain(newestPendingSeq(h) ?? 0).catch((err: unknown) => {
      // A D1 outage is expected: the failed apply re-armed the alarm with backoff. Anything else has nobody
      // to reach (the caller has its answer); the armed alarm retries it and rethrows it to the platform.
      if (CloudflareWorldError.is(err) && err.code === 'INDEX_UNAVAILABLE') return;
      console.error('WorkflowRunObject: deferred outbox drain failed; the alarm retries it', err);
    });
  }

  return {
    drain,
    drainAfterCommit,
    afterCommit(ops, wait) {
      const defer = wait === 'defer' && isDeferrable(ops);
      if (ops.length === 0) return defer ? Promise.resolve() : drainAfterCommit();
      const now = Date.now();
      const at = now + OUTBOX_ALARM_MS;
      const armed = alarms.want('outbox', Math.min(at, alarms.wanted('outbox') ?? at));
      // Held back: the entry waits for the next drain, a later commit's or the alarm's.
      if (defer && now < lastBackgroundDrainAt + opts.backgroundDrainIntervalMs()) return armed;
      if (!defer) return armed.then(drainAfterCommit);
      drainInBackground();
      return armed;
    },
    async ensureAlarm() {
      // On wake (and after the alarm fired) the schedule knows nothing of the outbox: pending rows ask for it now.
      await alarms.want('outbox', hasPendingOps(h) ? Date.now() : null);
    },
    async releaseUnusedClaim(call, claim) {
      if (call.event.eventType !== 'hook_created') return;
      const { correlationId: hookId, eventData } = call.event;
      if (claim.runId !== call.runId || claim.hookId !== hookId) return;
      if (readHook(h, hookId)?.token === eventData.token) return;
      const release: IndexOp = { op: 'releaseToken', token: eventData.token, runId: call.runId, hookId };
      storage.transactionSync(() => enqueueOps(h, [release]));
      await this.afterCommit([release], 'await');
    },
  };
}
