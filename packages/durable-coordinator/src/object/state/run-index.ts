/**
 * The run's snapshot in the D1 index (`upsertRun`). D1 keeps the snapshot with the highest `version`, so an
 * older one never overwrites a newer one. The version is the run's event count plus its number of control
 * changes (pause / resume): both only grow and every snapshot is preceded by a new event or a control change,
 * so the sum strictly grows. An object that never saw a control change keeps the version it always had.
 */
import { encodeValue } from '@workflow-world-cloudflare/core';
import type { IndexOp, RunIndexRow } from '@workflow-world-cloudflare/storage-d1';
import type { WorkflowRun } from '@workflow/world';
import { getMeta } from './meta.js';
import { first, prepared, type RunSql } from './sql.js';

const selectMaxSeq = prepared((db) => db.selectFrom('wf_events').select((eb) => eb.fn.max('seq').as('m')));

/** The `upsertRun` op for `shown`: the run as callers see it (`withControlState`). */
export function runIndexOp(h: RunSql, shown: WorkflowRun): IndexOp {
  const seq = first(h, selectMaxSeq())?.m ?? 0;
  const controlChanges = Number(getMeta(h, 'control_version') ?? 0);
  const row: RunIndexRow = {
    runId: shown.runId,
    workflowName: shown.workflowName,
    status: shown.status,
    deploymentId: shown.deploymentId,
    createdAt: shown.createdAt.getTime(),
    updatedAt: shown.updatedAt.getTime(),
    version: Number(seq) + controlChanges,
    data: encodeValue(shown),
  };
  return { op: 'upsertRun', run: row };
}
