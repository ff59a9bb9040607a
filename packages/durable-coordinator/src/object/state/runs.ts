/** The run entity: one row, stored encoded with payloads as refs. */
import { decodeValue, encodeValue } from '@workflow-world-cloudflare/core';
import type { WorkflowRun } from '@workflow/world';
import { cacheOf } from './run-cache.js';
import { first, prepared, type RunSql, write } from './sql.js';

const selectRun = prepared((db) => db.selectFrom('wf_run').select('data').where('id', '=', 1));
const selectStatus = prepared((db) => db.selectFrom('wf_run').select('status').where('id', '=', 1));
const upsertRun = prepared((db, runId: string, status: string, specVersion: number | null, createdAt: number, data: string) => {
  const values = { run_id: runId, status, spec_version: specVersion, created_at: createdAt, data };
  return db.insertInto('wf_run').values({ id: 1, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values));
});

/** The run row, decoded (the `spec_version` column stays in SQLite for queries; nothing reads it back). */
export interface StoredRun {
  run: WorkflowRun;
}

export function readRun(h: RunSql): StoredRun | null {
  const cache = cacheOf(h);
  if (cache.run === undefined) {
    const row = first(h, selectRun());
    cache.run = row ? { run: decodeValue(row.data) as WorkflowRun } : null;
  }
  return cache.run;
}

/** The run's status without decoding the run, or `null` when the object holds no run. */
export function readRunStatus(h: RunSql): string | null {
  const cached = cacheOf(h).run;
  if (cached !== undefined) return cached?.run.status ?? null;
  return first(h, selectStatus())?.status ?? null;
}

/** Creates or replaces the run row. */
export function writeRun(h: RunSql, run: WorkflowRun): void {
  write(h, upsertRun(run.runId, run.status, run.specVersion ?? null, run.createdAt.getTime(), encodeValue(run)));
  cacheOf(h).run = { run };
}
