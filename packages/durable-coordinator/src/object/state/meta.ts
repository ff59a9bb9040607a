/**
 * Small key/value facts about the run object: schema version, the optimistic-concurrency marker and the
 * operator control state (pause), which lives outside the event log.
 */
import { cacheOf } from './run-cache.js';
import { first, prepared, type RunSql, write } from './sql.js';

const selectMeta = prepared((db, key: string) => db.selectFrom('wf_meta').select('value').where('key', '=', key));
const upsertMeta = prepared((db, key: string, value: string) =>
  db.insertInto('wf_meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })),
);
const deleteMetaRow = prepared((db, key: string) => db.deleteFrom('wf_meta').where('key', '=', key));

/**
 * - `schema_version`: the DDL version in force.
 * - `state_marker`: `createdAt` (ms) of the newest externally-originated event (the 412 guard).
 * - `paused_at`: ms since epoch when the operator paused the run; absent while not paused.
 * - `control_version`: how many times the visible control state changed; part of the index version.
 * - `retention_override`, `expiry_stage`, `expires_at`, `purge_work`, `purge_attempts`: see `expiry.ts`.
 */
export type MetaKey =
  | 'schema_version'
  | 'state_marker'
  | 'paused_at'
  | 'control_version'
  /** Retention (see `expiry.ts`): the operator's override, the stage, when the finished run expires, work left. */
  | 'retention_override'
  | 'expiry_stage'
  | 'expires_at'
  | 'purge_work'
  | 'purge_attempts';

export function getMeta(h: RunSql, key: MetaKey): string | null {
  const meta = cacheOf(h).meta;
  let value = meta.get(key);
  if (value === undefined) {
    value = first(h, selectMeta(key))?.value ?? null;
    meta.set(key, value);
  }
  return value;
}

export function setMeta(h: RunSql, key: MetaKey, value: string): void {
  write(h, upsertMeta(key, value));
  cacheOf(h).meta.set(key, value);
}

export function deleteMeta(h: RunSql, key: MetaKey): void {
  write(h, deleteMetaRow(key));
  cacheOf(h).meta.set(key, null);
}
