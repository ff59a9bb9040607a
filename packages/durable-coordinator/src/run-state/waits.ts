/** Wait entities (sleeps) of the run, keyed by correlation id; deleted when the run ends. */
import { decodeValue, encodeValue } from '@workflow-world-cloudflare/core';
import type { Wait } from '@workflow/world';
import { first, type RunSql, write } from './sql.js';

export function readWait(h: RunSql, correlationId: string): Wait | null {
  const row = first(h, h.db.selectFrom('wf_waits').select('data').where('correlation_id', '=', correlationId));
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
