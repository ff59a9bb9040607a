/**
 * The message store, mirrored in memory for an object that is its only writer (a run object's inbox). Every
 * read is answered from memory; every write goes to SQLite and to the mirror. A local SQLite statement costs
 * far more than a map lookup, and a run's executor reads its inbox several times per step.
 *
 * The mirror only holds if writes are not rolled back underneath it: a caller whose `transactionSync`
 * throws after writing through the mirror calls `reload()`.
 */
import type { MessageRow, MessageStore } from './message-store.js';

export interface MirroredMessageStore extends MessageStore {
  /** Reads every row again from SQLite (after a rolled-back transaction, or on wake). */
  reload(): void;
}

export function withMemoryMirror(store: MessageStore): MirroredMessageStore {
  const rows = new Map<string, MessageRow>();
  const byKey = new Map<string, string>();
  const meta = new Map<string, string | undefined>();

  const put = (row: MessageRow): void => {
    const previous = rows.get(row.message_id);
    if (previous?.idempotency_key != null) byKey.delete(previous.idempotency_key);
    rows.set(row.message_id, row);
    if (row.idempotency_key !== null) byKey.set(row.idempotency_key, row.message_id);
  };
  const sorted = (states: readonly string[]): MessageRow[] =>
    [...rows.values()].filter((r) => states.includes(r.state)).sort((a, b) => a.due_at - b.due_at);

  const mirror: MirroredMessageStore = {
    migrate() {
      store.migrate();
      mirror.reload();
    },
    reload() {
      rows.clear();
      byKey.clear();
      meta.clear();
      for (const row of store.all()) put(row);
    },
    get: (messageId) => rows.get(messageId),
    findByKey(key) {
      const id = byKey.get(key);
      return id === undefined ? undefined : rows.get(id);
    },
    insert(row) {
      store.insert(row);
      put({ ...row });
    },
    update(messageId, patch) {
      store.update(messageId, patch);
      const row = rows.get(messageId);
      if (row) put({ ...row, ...patch });
    },
    delete(messageId) {
      store.delete(messageId);
      const row = rows.get(messageId);
      if (row?.idempotency_key != null) byKey.delete(row.idempotency_key);
      rows.delete(messageId);
    },
    due: (now, states, limit) => sorted(states).filter((r) => r.due_at <= now).slice(0, limit),
    nextDue: (states) => sorted(states)[0]?.due_at ?? null,
    all: () => [...rows.values()].sort((a, b) => a.created_at - b.created_at),
    isHeld: () => store.isHeld(),
    setHeld: (held) => store.setHeld(held),
    shard() {
      if (!meta.has('\u0000shard')) meta.set('\u0000shard', store.shard());
      return meta.get('\u0000shard');
    },
    setShard(shard) {
      store.setShard(shard);
      meta.set('\u0000shard', shard);
    },
    meta(key) {
      if (!meta.has(key)) meta.set(key, store.meta(key));
      return meta.get(key);
    },
    setMeta(key, value) {
      store.setMeta(key, value);
      meta.set(key, value);
    },
  };
  return mirror;
}
