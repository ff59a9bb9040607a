/** Wait entities (sleeps) of the run, keyed by correlation id; deleted when the run ends. */
import { decodeValue, encodeValue } from '@workflow-world-cloudflare/core';
import type { Wait } from '@workflow/world';
import { all, first, prepared, type RunSql, write } from './sql.js';

const selectWait = prepared((db, correlationId: string) => db.selectFrom('wf_waits').select('data').where('correlation_id', '=', correlationId));
const selectWaiting = prepared((db) => db.selectFrom('wf_waits').select('data').where('status', '!=', 'completed'));

export function readWait(h: RunSql, correlationId: string): Wait | null {
  const row = first(h, selectWait(correlationId));
  return row ? (decodeValue(row.data) as Wait) : null;
}

/** Creates or replaces the wait of `correlationId`. */
export function putWait(h: RunSql, correlationId: string, wait: Wait): void {
  const values = { status: wait.status, data: encodeValue(wait) };
  write(
    h,
    h.db
      .insertInto('wf_waits')
      .values({ correlation_id: correlationId, ...values })
      .onConflict((oc) => oc.column('correlation_id').doUpdateSet(values)),
  );
}

export function deleteAllWaits(h: RunSql): void {
  write(h, h.db.deleteFrom('wf_waits'));
}

/** The earliest `resumeAt` (ms) among waits not completed yet, or `null` when none is waiting. */
export function earliestPendingResume(h: RunSql): number | null {
  let earliest: number | null = null;
  for (const row of all(h, selectWaiting())) {
    const at = (decodeValue(row.data) as Wait).resumeAt?.getTime();
    if (at !== undefined && (earliest === null || at < earliest)) earliest = at;
  }
  return earliest;
}
