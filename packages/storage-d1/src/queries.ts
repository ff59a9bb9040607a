/**
 * Read queries of the index. Listings fetch `limit + 1` rows for core's `toPage` and page by keyset on
 * (created_at, id) in either order, strictly after the cursor position, so rows appended while a caller
 * pages are never skipped or repeated.
 */
import { keysetPage } from '@workflow-world-cloudflare/core';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { ListHooksQuery, ListRunsQuery } from './types.js';

export function selectRuns(k: Kysely<Database>, q: ListRunsQuery) {
  const { page } = q;
  let query = k.selectFrom('wf_runs').selectAll();
  if (q.workflowName !== undefined) query = query.where('workflow_name', '=', q.workflowName);
  if (q.status !== undefined) query = query.where('status', '=', q.status);
  return keysetPage(query, { time: 'created_at', id: 'run_id' }, page);
}

export function selectHooks(k: Kysely<Database>, q: ListHooksQuery) {
  const { page } = q;
  let query = k.selectFrom('wf_hooks').selectAll();
  if (q.runId !== undefined) query = query.where('run_id', '=', q.runId);
  return keysetPage(query, { time: 'created_at', id: 'hook_id' }, page);
}
