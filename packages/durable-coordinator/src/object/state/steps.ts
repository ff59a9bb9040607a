/** Step entities of the run, keyed by step id (the events' correlation id). */
import type { PageRequest } from '@workflow-world-cloudflare/core';
import { decodeValue, encodeValue, keysetPage } from '@workflow-world-cloudflare/core';
import type { Step } from '@workflow/world';
import { cacheOf, cacheStep } from './run-cache.js';
import { all, first, prepared, type RunSql, write } from './sql.js';

const selectStep = prepared((db, stepId: string) => db.selectFrom('wf_steps').select('data').where('step_id', '=', stepId));
const insertStepRow = prepared((db, stepId: string, status: string, createdAt: number, data: string) =>
  db.insertInto('wf_steps').values({ step_id: stepId, status, created_at: createdAt, data }).onConflict((oc) => oc.column('step_id').doNothing()),
);
const updateStepRow = prepared((db, stepId: string, status: string, data: string) =>
  db.updateTable('wf_steps').set({ status, data }).where('step_id', '=', stepId),
);

export function readStep(h: RunSql, stepId: string): Step | null {
  const cached = cacheOf(h).steps.get(stepId);
  if (cached !== undefined) return cached;
  const row = first(h, selectStep(stepId));
  const step = row ? (decodeValue(row.data) as Step) : null;
  cacheStep(h, stepId, step);
  return step;
}

/** Inserts `step`; returns false (nothing written) when the step id exists. */
export function insertStep(h: RunSql, step: Step): boolean {
  const n = write(h, insertStepRow(step.stepId, step.status, step.createdAt.getTime(), encodeValue(step)));
  if (n > 0) cacheStep(h, step.stepId, step);
  return n > 0;
}

export function updateStep(h: RunSql, step: Step): void {
  write(h, updateStepRow(step.stepId, step.status, encodeValue(step)));
  cacheStep(h, step.stepId, step);
}

/** Up to `page.limit + 1` steps after the cursor, ordered by `(createdAt, stepId)`. */
export function listSteps(h: RunSql, page: PageRequest): Step[] {
  const q = keysetPage(h.db.selectFrom('wf_steps').select('data'), { time: 'created_at', id: 'step_id' }, page);
  const rows = all(h, q);
  return rows.map((r) => decodeValue(r.data) as Step);
}
