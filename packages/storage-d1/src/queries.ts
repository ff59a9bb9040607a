/**
 * Read queries of the index. Listings fetch `limit + 1` rows for core's `toPage` and page by keyset on
 * (created_at, id) in either order, strictly after the cursor position, so rows appended while a caller
 * pages are never skipped or repeated.
 */
import type { PageRequest } from '@workflow-world-cloudflare/core';
import { type ExpressionBuilder, type Kysely, sql } from 'kysely';
import type { Database } from './schema.js';
import type { ListHooksQuery, ListRunsQuery } from './types.js';

type Keyed = 'wf_runs' | 'wf_hooks';

/** `(created_at, id)` strictly after `page.after` in the page's order; always true on the first page. */
function afterCursor<T extends Keyed>(eb: ExpressionBuilder<Database, T>, idColumn: 'run_id' | 'hook_id', page: PageRequest) {
  const after = page.after;
  if (after === null) return eb.lit(true);
  const cmp = page.sortOrder === 'asc' ? '>' : '<';
  // Written out instead of a row-value comparison so SQLite plans a range scan on the (…, created_at, id) index.
  return eb.or([
    eb(sql.ref('created_at'), cmp, after.t),
    eb.and([eb(sql.ref('created_at'), '=', after.t), eb(sql.ref(idColumn), cmp, after.id)]),
  ]);
}

export function selectRuns(k: Kysely<Database>, q: ListRunsQuery) {
  const { page } = q;
  let query = k.selectFrom('wf_runs').selectAll();
  if (q.workflowName !== undefined) query = query.where('workflow_name', '=', q.workflowName);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  return query
    .where((eb) => afterCursor(eb, 'run_id', page))
    .orderBy('created_at', page.sortOrder)
    .orderBy('run_id', page.sortOrder)
    .limit(page.limit + 1);
}

export function selectHooks(k: Kysely<Database>, q: ListHooksQuery) {
  const { page } = q;
  let query = k.selectFrom('wf_hooks').selectAll();
  if (q.runId !== undefined) query = query.where('run_id', '=', q.runId);
  return query
    .where((eb) => afterCursor(eb, 'hook_id', page))
    .orderBy('created_at', page.sortOrder)
    .orderBy('hook_id', page.sortOrder)
    .limit(page.limit + 1);
}
