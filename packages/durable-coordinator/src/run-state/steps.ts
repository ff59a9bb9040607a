/** Step entities of the run, keyed by step id (the events' correlation id). */
import type { PageRequest } from '@workflow-world-cloudflare/core';
import { decodeValue, encodeValue } from '@workflow-world-cloudflare/core';
import type { Step } from '@workflow/world';
import { all, first, type RunSql, write } from './sql.js';

export function readStep(h: RunSql, stepId: string): Step | null {
  const row = first(h, h.db.selectFrom('wf_steps').select('data').where('step_id', '=', stepId));
  return row ? (decodeValue(row.data) as Step) : null;
}

/** Inserts `step`; returns false (nothing written) when the step id exists. */
export function insertStep(h: RunSql, step: Step): boolean {
  const n = write(
    h,
    h.db
      .insertInto('wf_steps')
      .values({ step_id: step.stepId, status: step.status, created_at: step.createdAt.getTime(), data: encodeValue(step) })
      .onConflict((oc) => oc.column('step_id').doNothing()),
  );
  return n > 0;
}

export function updateStep(h: RunSql, step: Step): void {
  write(
    h,
    h.db
      .updateTable('wf_steps')
      .set({ status: step.status, data: encodeValue(step) })
      .where('step_id', '=', step.stepId),
  );
}

/** Up to `page.limit + 1` steps after the cursor, ordered by `(createdAt, stepId)`. */
export function listSteps(h: RunSql, page: PageRequest): Step[] {
  const op = page.sortOrder === 'asc' ? '>' : '<';
  let q = h.db.selectFrom('wf_steps').select('data');
  const after = page.after;
  if (after) {
    q = q.where((eb) =>
      eb.or([eb('created_at', op, after.t), eb.and([eb('created_at', '=', after.t), eb('step_id', op, after.id)])]),
    );
  }
  const rows = all(h, q.orderBy('created_at', page.sortOrder).orderBy('step_id', page.sortOrder).limit(page.limit + 1));
  return rows.map((r) => decodeValue(r.data) as Step);
}
