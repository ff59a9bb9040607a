/** Live hook entities of the run. A disposed hook, or every hook of a terminal run, is deleted. */
import type { PageRequest } from '@workflow-world-cloudflare/core';
import { decodeValue, encodeValue, keysetPage } from '@workflow-world-cloudflare/core';
import type { Hook } from '@workflow/world';
import { all, first, type RunSql, write } from './sql.js';

export function readHook(h: RunSql, hookId: string): Hook | null {
  const row = first(h, h.db.selectFrom('wf_hooks').select('data').where('hook_id', '=', hookId));
  return row ? (decodeValue(row.data) as Hook) : null;
}

export function insertHook(h: RunSql, hook: Hook): void {
  write(
    h,
    h.db
      .insertInto('wf_hooks')
      .values({ hook_id: hook.hookId, token: hook.token, created_at: hook.createdAt.getTime(), data: encodeValue(hook) }),
  );
}

export function deleteHook(h: RunSql, hookId: string): void {
  write(h, h.db.deleteFrom('wf_hooks').where('hook_id', '=', hookId));
}

export function deleteAllHooks(h: RunSql): void {
  write(h, h.db.deleteFrom('wf_hooks'));
}

/** Up to `page.limit + 1` hooks after the cursor, ordered by `(createdAt, hookId)`. */
export function listHooks(h: RunSql, page: PageRequest): Hook[] {
  const q = keysetPage(h.db.selectFrom('wf_hooks').select('data'), { time: 'created_at', id: 'hook_id' }, page);
  const rows = all(h, q);
  return rows.map((r) => decodeValue(r.data) as Hook);
}
