/**
 * The coordinator's tables, read and written synchronously (`ctx.storage.sql.exec`) so every decision and
 * its write happen inside one `transactionSync`. Kysely only compiles the statements.
 */
import { type BoundQuery, type CompilableQuery, ensureObjectSchema, prepare, selectAll as selectRows } from '@workflow-world-cloudflare/core';
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
  /** Free key/value facts of an object that embeds the store (its own keys; the store's are reserved). */
  meta(key: string): string | undefined;
  setMeta(key: string, value: string): void;
}

/** The compile-only builder; statements are prepared once per isolate (compiled on first use, then bound). */
const db = createCompiler();
const selectById = prepare((id: string) => db.selectFrom('wf_queue_messages').selectAll().where('message_id', '=', id));
const selectByKey = prepare((key: string) => db.selectFrom('wf_queue_messages').selectAll().where('idempotency_key', '=', key));
const insertRow = prepare((...values: unknown[]) => {
  const row = Object.fromEntries(ROW_COLUMNS.map((c, i) => [c, values[i]])) as unknown as MessagesTable;
  return db.insertInto('wf_queue_messages').values(row);
});
const deleteById = prepare((id: string) => db.deleteFrom('wf_queue_messages').where('message_id', '=', id));
const selectAll = prepare(() => db.selectFrom('wf_queue_messages').selectAll().orderBy('created_at'));
const selectMeta = prepare((key: string) => db.selectFrom('wf_queue_meta').select('value').where('key', '=', key));
const upsertMeta = prepare((key: string, value: string) =>
  db.insertInto('wf_queue_meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })),
);

/** Every column of a message row, in the order `insertRow` takes them. */
const ROW_COLUMNS = [
  'message_id',
  'idempotency_key',
  'queue_name',
  'body',
  'body_ref',
  'body_size',
  'headers',
  'deployment_id',
  'state',
  'attempt',
  'due_at',
  'lease_ms',
  'created_at',
  'last_error',
] as const satisfies readonly (keyof MessagesTable)[];

/** Statements whose shape depends on a column set or a state list: prepared once per shape. */
const byShape = new Map<string, (...args: never[]) => BoundQuery>();
function shaped<A extends unknown[]>(key: string, build: (...args: A) => CompilableQuery): (...args: A) => BoundQuery {
  let found = byShape.get(key) as ((...args: A) => BoundQuery) | undefined;
  if (!found) {
    found = prepare(build);
    byShape.set(key, found as unknown as (...args: never[]) => BoundQuery);
  }
  return found;
}

function assertOwnKey(key: string): void {
  if (key === HELD_KEY || key === VERSION_KEY || key === SHARD_KEY) throw new Error(`message store: "${key}" is a reserved meta key`);
}

type Patch = Partial<Pick<MessageRow, 'state' | 'attempt' | 'due_at' | 'last_error'>>;

export function createMessageStore(sql: SqlStorage): MessageStore {
  const exec = <R>(q: BoundQuery): R[] => selectRows<R>(sql, q);
  const rows = (q: BoundQuery): MessageRow[] => exec<MessageRow>(q);
  const meta = (key: string): string | undefined => exec<{ value: string }>(selectMeta(key))[0]?.value;
  const setMeta = (key: string, value: string): void => void exec(upsertMeta(key, value));

  return {
    migrate() {
      ensureObjectSchema(sql, {
        version: SCHEMA_VERSION,
        ddl: DDL,
        versionTable: 'wf_queue_meta',
        storedVersion() {
          const stored = meta(VERSION_KEY);
          return stored === undefined ? null : Number(stored);
        },
        recordVersion: (_, version) => setMeta(VERSION_KEY, String(version)),
      });
    },
    get: (messageId) => rows(selectById(messageId))[0],
    findByKey: (key) => rows(selectByKey(key))[0],
    insert: (row) => void exec(insertRow(...ROW_COLUMNS.map((c) => row[c]))),
    update(messageId, patch: Patch) {
      const columns = Object.keys(patch).sort() as (keyof Patch)[];
      const statement = shaped(`update:${columns.join(',')}`, (id: string, ...values: unknown[]) =>
        db
          .updateTable('wf_queue_messages')
          .set(Object.fromEntries(columns.map((c, i) => [c, values[i]])) as Patch)
          .where('message_id', '=', id),
      );
      exec(statement(messageId, ...columns.map((c) => patch[c])));
    },
    delete: (messageId) => void exec(deleteById(messageId)),
    due(now, states, limit) {
      const statement = shaped(`due:${states.join(',')}`, (at: number, max: number) =>
        db.selectFrom('wf_queue_messages').selectAll().where('due_at', '<=', at).where('state', 'in', [...states]).orderBy('due_at').limit(max),
      );
      return rows(statement(now, limit));
    },
    nextDue(states) {
      const statement = shaped(`next:${states.join(',')}`, () =>
        db
          .selectFrom('wf_queue_messages')
          .select((eb) => eb.fn.min<number>('due_at').as('next'))
          .where('state', 'in', [...states]),
      );
      return exec<{ next: number | null }>(statement())[0]?.next ?? null;
    },
    all: () => rows(selectAll()),
    isHeld: () => meta(HELD_KEY) === '1',
    setHeld: (held) => setMeta(HELD_KEY, held ? '1' : '0'),
    shard: () => meta(SHARD_KEY),
    setShard: (shard) => setMeta(SHARD_KEY, shard),
    meta(key) {
      assertOwnKey(key);
      return meta(key);
    },
    setMeta(key, value) {
      assertOwnKey(key);
      setMeta(key, value);
    },
  };
}
