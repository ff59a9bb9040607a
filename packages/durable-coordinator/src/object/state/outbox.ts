/**
 * The transactional outbox: D1 index writes the run owes, written in the same `transactionSync` as the
 * event that caused them, drained in order after commit and by the alarm until D1 has them.
 */
import type { IndexOp } from '@workflow-world-cloudflare/storage-d1';
import { all, prepared, type RunSql, write } from './sql.js';

const insertOps = prepared((db, ops: string) => db.insertInto('wf_outbox').values({ ops, attempts: 0 }));
const selectPending = prepared((db, upToSeq: number, limit: number) =>
  db.selectFrom('wf_outbox').select(['seq', 'ops', 'attempts']).where('seq', '<=', upToSeq).orderBy('seq', 'asc').limit(limit),
);
const selectNewest = prepared((db) => db.selectFrom('wf_outbox').select('seq').orderBy('seq', 'desc').limit(1));
const selectAny = prepared((db) => db.selectFrom('wf_outbox').select('seq').limit(1));
const deleteUpTo = prepared((db, upToSeq: number) => db.deleteFrom('wf_outbox').where('seq', '<=', upToSeq));

export interface OutboxEntry {
  seq: number;
  ops: IndexOp[];
  attempts: number;
}

/** Queues `ops` (no-op for an empty list). */
export function enqueueOps(h: RunSql, ops: IndexOp[]): void {
  if (ops.length === 0) return;
  write(h, insertOps(JSON.stringify(ops)));
}

/** The oldest pending entries, at most `limit`, up to entry `upToSeq` (every entry by default). */
export function pendingOps(h: RunSql, limit: number, upToSeq = Number.MAX_SAFE_INTEGER): OutboxEntry[] {
  return all(h, selectPending(upToSeq, limit)).map((r) => ({
    seq: r.seq,
    ops: JSON.parse(r.ops) as IndexOp[],
    attempts: r.attempts,
  }));
}

/** The newest pending entry's `seq`, or `null` when none is pending. */
export function newestPendingSeq(h: RunSql): number | null {
  return all(h, selectNewest())[0]?.seq ?? null;
}

/** Whether any entry is pending (cheaper than reading them). */
export function hasPendingOps(h: RunSql): boolean {
  return all(h, selectAny()).length > 0;
}

/** Removes applied entries (up to and including `seq`). */
export function removeOps(h: RunSql, upToSeq: number): void {
  write(h, deleteUpTo(upToSeq));
}

/** Records a failed attempt on every pending entry and returns the highest attempt count. */
export function recordFailedAttempt(h: RunSql): number {
  write(h, h.db.updateTable('wf_outbox').set((eb) => ({ attempts: eb('attempts', '+', 1) })));
  const rows = all(h, h.db.selectFrom('wf_outbox').select((eb) => eb.fn.max('attempts').as('m')));
  return Number(rows[0]?.m ?? 0);
}

/** Backoff before retry `attempts`: 1 s doubling, capped at 5 minutes. */
export function retryDelayMs(attempts: number): number {
  return Math.min(1000 * 2 ** Math.max(0, attempts - 1), 5 * 60 * 1000);
}
