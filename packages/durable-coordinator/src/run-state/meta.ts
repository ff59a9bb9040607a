/** Small key/value facts about the run object: schema version and the optimistic-concurrency marker. */
import { first, type RunSql, write } from './sql.js';

export type MetaKey = 'schema_version' | 'state_marker';

export function getMeta(h: RunSql, key: MetaKey): string | null {
  return first(h, h.db.selectFrom('wf_meta').select('value').where('key', '=', key))?.value ?? null;
}

export function setMeta(h: RunSql, key: MetaKey, value: string): void {
  write(
    h,
    h.db
      .insertInto('wf_meta')
      .values({ key, value })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
  );
}
