/**
 * The coordinator's tables, read and written synchronously (`ctx.storage.sql.exec`) so every decision and
 * its write happen inside one `transactionSync`. Kysely only compiles the statements.
 */
import type { Compilable } from 'kysely';
import { createCompiler, DDL, type MessagesTable, type MessageState, SCHEMA_VERSION } from './schema.js';

const HELD_KEY = 'held';
const VERSION_KEY = 'schema_version';
const SHARD_KEY = 'shard';

export type MessageRow = MessagesTable;

/** Synchronous access to one coordinator's rows. */
export interface MessageStore {
  migrate(): void;
  get(messageId: string): MessageRow | undefined;
  findByKey(key: string): MessageRow | undefined;
  insert(row: MessageRow): void;
  update(messageId: string, patch: Partial<Pick<MessageRow, 'state' | 'attempt' | 'due_at' | 'last_error'>>): void;
  delete(messageId: string): void;
  /** Rows whose `due_at` has passed, oldest first, in the given states. */
  due(now: number, states: readonly MessageState[], limit: number): MessageRow[];
  /** Earliest `due_at` among rows in the given states, or null. */
  nextDue(states: readonly MessageState[]): number | null;
  all(): MessageRow[];
  isHeld(): boolean;
  setHeld(held: boolean): void;
  /** The name this object was addressed by (`idFromName(shard)`), recorded at the first enqueue. */
  shard(): string | undefined;
  setShard(shard: string): void;
}

export function createMessageStore(sql: SqlStorage): MessageStore {
  const db = createCompiler();
  const run = <R extends Record<string, SqlStorageValue>>(q: Compilable): R[] => {
    const { sql: text, parameters } = q.compile();
    return sql.exec<R>(text, ...(parameters as SqlStorageValue[])).toArray();
  };
  const rows = (q: Compilable): MessageRow[] => run(q) as unknown as MessageRow[];
  const meta = (key: string): string | undefined =>
    run<{ value: string }>(db.selectFrom('wf_queue_meta').select('value').where('key', '=', key))[0]?.value;
  const setMeta = (key: string, value: string): void => {
    run(
      db
        .insertInto('wf_queue_meta')
        .values({ key, value })
        .onConflict((oc) => oc.column('key').doUpdateSet({ value })),
    );
  };

  return {
    migrate() {
      // Only the meta table is needed to learn the version; the rest is skipped when current.
      sql.exec(DDL[0] as string);
      if (meta(VERSION_KEY) === String(SCHEMA_VERSION)) return;
      for (const statement of DDL) sql.exec(statement);
      setMeta(VERSION_KEY, String(SCHEMA_VERSION));
    },
    get: (messageId) => rows(db.selectFrom('wf_queue_messages').selectAll().where('message_id', '=', messageId))[0],
    findByKey: (key) => rows(db.selectFrom('wf_queue_messages').selectAll().where('idempotency_key', '=', key))[0],
    insert: (row) => void run(db.insertInto('wf_queue_messages').values(row)),
    update: (messageId, patch) =>
      void run(db.updateTable('wf_queue_messages').set(patch).where('message_id', '=', messageId)),
    delete: (messageId) => void run(db.deleteFrom('wf_queue_messages').where('message_id', '=', messageId)),
    due: (now, states, limit) =>
      rows(
        db
          .selectFrom('wf_queue_messages')
          .selectAll()
          .where('due_at', '<=', now)
          .where('state', 'in', [...states])
          .orderBy('due_at')
          .limit(limit),
      ),
    nextDue(states) {
      const [r] = run<{ next: number | null }>(
        db
          .selectFrom('wf_queue_messages')
          .select((eb) => eb.fn.min<number>('due_at').as('next'))
          .where('state', 'in', [...states]),
      );
      return r?.next ?? null;
    },
    all: () => rows(db.selectFrom('wf_queue_messages').selectAll().orderBy('created_at')),
    isHeld: () => meta(HELD_KEY) === '1',
    setHeld: (held) => setMeta(HELD_KEY, held ? '1' : '0'),
    shard: () => meta(SHARD_KEY),
    setShard: (shard) => setMeta(SHARD_KEY, shard),
  };
}
