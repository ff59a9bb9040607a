/** The run entity: one row, stored encoded with payloads as refs. */
import { decodeValue, encodeValue } from '@workflow-world-cloudflare/core';
import type { WorkflowRun } from '@workflow/world';
import { first, type RunSql, write } from './sql.js';

export interface StoredRun {
  run: WorkflowRun;
  /** The spec version column, kept apart so legacy / newer runs are recognised without decoding. */
  specVersion: number | null;
}

export function readRun(h: RunSql): StoredRun | null {
  const row = first(h, h.db.selectFrom('wf_run').select(['data', 'spec_version']).where('id', '=', 1));
  return row ? { run: decodeValue(row.data) as WorkflowRun, specVersion: row.spec_version } : null;
}

/** Creates or replaces the run row. */
export function writeRun(h: RunSql, run: WorkflowRun): void {
  const values = {
    run_id: run.runId,
    status: run.status,
    spec_version: run.specVersion ?? null,
    created_at: run.createdAt.getTime(),
    data: encodeValue(run),
  };
  write(
    h,
    h.db
      .insertInto('wf_run')
      .values({ id: 1, ...values })
      .onConflict((oc) => oc.column('id').doUpdateSet(values)),
  );
}
