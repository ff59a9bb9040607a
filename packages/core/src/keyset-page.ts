/**
 * The keyset rule of every listing kept in SQL (the D1 index's runs and hooks, a run object's steps and
 * hooks): rows strictly after the cursor's `(created_at, id)` in the page's order, `limit + 1` of them for
 * `toPage`'s `hasMore`. Written once here so both databases page the same way.
 */
import { type SelectQueryBuilder, sql } from 'kysely';
import type { PageRequest } from './pagination.js';

/**
 * `query` narrowed to one page. `time` / `id` name the columns of the sort key (`created_at` ms and the
 * row's id); a table listed this way wants an index on `(…, time, id)`.
 */
export function keysetPage<DB, TB extends keyof DB, O>(
  query: SelectQueryBuilder<DB, TB, O>,
  columns: { time: string; id: string },
  page: PageRequest,
): SelectQueryBuilder<DB, TB, O> {
  const time = sql.ref(columns.time);
  const id = sql.ref(columns.id);
  const after = page.after;
  // Written out instead of a row-value comparison so SQLite plans a range scan on the (…, time, id) index.
  const cmp = sql.raw(page.sortOrder === 'asc' ? '>' : '<');
  const paged = after === null ? query : query.where(sql<boolean>`(${time} ${cmp} ${after.t} or (${time} = ${after.t} and ${id} ${cmp} ${after.id}))`);
  return paged.orderBy(time, page.sortOrder).orderBy(id, page.sortOrder).limit(page.limit + 1);
}
