/**
 * Runs in the run object: deletes an expired run (retention), driven by the object's own alarm — no sweeper
 * over D1. Two steps, each resumable:
 *
 * 1. **Wipe** (one `transactionSync`): the object's own rows go (events, run, steps, hooks, waits, inbox, meta
 *    but the retention record), and a `purgeRun` op for the D1 index is queued in the outbox in the same
 *    transaction. From then on the object answers as for an unknown run, and refuses every write with
 *    `RunExpiredError`: a late hook, a redelivered start, nothing can bring the run back half-deleted.
 * 2. **Purge** what the run owned elsewhere, every call idempotent: its KV cache entries first (they answer
 *    reads without the object), the D1 rows (the outbox drain), the R2 payloads (`payloads/<runId>/`) and
 *    spilled queue bodies, the run's streams (objects, segments, markers). A failure (D1 or R2 down, an eviction) leaves `purging` in place and the alarm
 *    retries with backoff; then the record turns `purged` — a few meta rows, the tombstone.
 */
import { deleteR2Prefix, runPayloadPrefix } from '@workflow-world-cloudflare/blob-r2';
import { readCacheKey } from '@workflow-world-cloudflare/core';
import { purgeRunStreams } from '@workflow-world-cloudflare/streamer-r2';
import type { AlarmSchedule } from './alarm-schedule.js';
import type { WorkflowRunObjectEnv } from '../env.js';
import type { RunExecutor } from './execution/run-executor.js';
import type { OutboxDrainer } from './outbox-drainer.js';
import {
  expiresAt,
  expiryStage,
  finishPurge,
  indexKeysOfRun,
  notePurgeFailure,
  purgeWork,
  updatePurgeWork,
  wipeRunRows,
} from './state/expiry.js';
import { enqueueOps, retryDelayMs } from './state/outbox.js';
import { readRun } from './state/runs.js';
import type { RunSql } from './state/sql.js';

/** How soon to look again when the run still has a replay or a step executing (retention `0`). */
const BUSY_RETRY_MS = 1_000;
/** KV deletes per alarm pass: each is a subrequest, and one invocation has a budget of them. */
const CACHE_DELETES_PER_PASS = 400;

export interface ExpiryPurger {
  /** In the turn of the commit that ended the run: arms the alarm for its expiry (`null`: kept forever). */
  afterCommit(expiresAt: number | null): void;
  /** On wake: a scheduled or unfinished expiry gets the alarm again. */
  ensureAlarm(): Promise<void>;
  /** The alarm fired: deletes the run when it is due, or goes on deleting it. Never throws. */
  onAlarm(): Promise<void>;
}

export function createExpiryPurger(opts: {
  h: RunSql;
  storage: DurableObjectStorage;
  alarms: AlarmSchedule;
  outbox: OutboxDrainer;
  executor: RunExecutor;
  env: Pick<WorkflowRunObjectEnv, 'BUCKET' | 'WORKFLOW_STREAM' | 'CACHE'>;
  /** Drops every in-memory copy of the run's rows (run cache, event cache, inbox mirror). */
  forgetRun(): void;
}): ExpiryPurger {
  const { h, storage, alarms, env } = opts;

  /** Step 1. */
  function wipe(): void {
    const runId = readRun(h)?.run.runId;
    if (runId === undefined) return;
    try {
      storage.transactionSync(() => {
        const keys = indexKeysOfRun(h);
        const spillKeys = opts.executor.purgeWithin();
        enqueueOps(h, [{ op: 'purgeRun', runId, stepIds: keys.stepIds, correlationIds: keys.correlationIds }]);
        wipeRunRows(h, { runId, cacheKeys: [readCacheKey.run(runId), ...keys.stepIds.map(readCacheKey.step)], spillKeys });
      });
    } finally {
      // Committed or rolled back, the copies in memory no longer match SQLite.
      opts.forgetRun();
    }
  }

  /** Step 2. Answers whether it finished. */
  async function purgeOutside(): Promise<boolean> {
    const work = purgeWork(h);
    if (!work) return true;
    // The KV cache first: it answers reads without asking the object, and must not serve the run any longer.
    if (env.CACHE && work.cacheKeys.length > 0) {
      const batch = work.cacheKeys.slice(0, CACHE_DELETES_PER_PASS);
      await Promise.all(batch.map((key) => env.CACHE?.delete(key)));
      const rest = { ...work, cacheKeys: work.cacheKeys.slice(batch.length) };
      storage.transactionSync(() => updatePurgeWork(h, rest));
      if (rest.cacheKeys.length > 0) return false;
    }
    await opts.outbox.drain();
    if (env.BUCKET) {
      await deleteR2Prefix(env.BUCKET, runPayloadPrefix(work.runId));
      if (work.spillKeys.length > 0) await env.BUCKET.delete(work.spillKeys);
      if (env.WORKFLOW_STREAM) await purgeRunStreams({ streams: env.WORKFLOW_STREAM, bucket: env.BUCKET }, work.runId);
    }
    storage.transactionSync(() => finishPurge(h));
    return true;
  }

  async function onAlarm(): Promise<void> {
    try {
      if (expiryStage(h) === 'scheduled') {
        const at = expiresAt(h) ?? 0;
        if (at > Date.now()) return await alarms.want('expiry', at);
        if (opts.executor.busy()) return await alarms.want('expiry', Date.now() + BUSY_RETRY_MS);
        wipe();
      }
      if (expiryStage(h) !== 'purging') return;
      const done = await purgeOutside();
      await alarms.want('expiry', done ? null : Date.now());
    } catch (err) {
      const attempts = storage.transactionSync(() => notePurgeFailure(h));
      const delay = retryDelayMs(attempts);
      console.warn(`WorkflowRunObject: deleting an expired run failed (attempt ${attempts}); retrying in ${delay} ms`, err);
      await alarms.want('expiry', Date.now() + delay);
    }
  }

  return {
    afterCommit(at) {
      if (at !== null) void alarms.want('expiry', at);
    },
    async ensureAlarm() {
      const stage = expiryStage(h);
      if (stage === 'scheduled') await alarms.want('expiry', expiresAt(h) ?? Date.now());
      else if (stage === 'purging') await alarms.want('expiry', Date.now());
    },
    onAlarm,
  };
}
