/**
 * The run object's SQLite schema and its compile-only Kysely instance. Kysely builds every statement; the
 * object runs them synchronously with `ctx.storage.sql.exec` (no driver, so no `await` inside a
 * `transactionSync`). Tables are prefixed `wf_` so they never collide with the platform's `_cf_` tables.
 */
import { compileOnlyKysely } from '@workflow-world-cloudflare/core';
import { type CompiledQuery, type Generated, type Kysely, sql } from 'kysely';

/** Bump when the DDL below changes; the constructor skips all DDL when the stored version is current. */
export const SCHEMA_VERSION = 1;

/** One row per event, in commit order (`seq`). `data` is `encodeValue(event)` with payloads as refs. */
export interface EventsTable {
  seq: Generated<number>;
  event_id: string;
  event_type: string;
  correlation_id: string | null;
  created_at: number;
  data: string;
}

/** The run entity (at most one row, `id = 1`). */
export interface RunTable {
  id: number;
  run_id: string;
  status: string;
  spec_version: number | null;
  created_at: number;
  data: string;
}

export interface StepsTable {
  step_id: string;
  status: string;
  created_at: number;
  data: string;
}

export interface HooksTable {
  hook_id: string;
  token: string;
  created_at: number;
  data: string;
}

export interface WaitsTable {
  correlation_id: string;
  status: string;
  data: string;
}

/** Index writes owed to D1, applied after commit and retried by the alarm. `ops` is JSON `IndexOp[]`. */
export interface OutboxTable {
  seq: Generated<number>;
  ops: string;
  attempts: number;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface RunObjectDatabase {
  wf_events: EventsTable;
  wf_run: RunTable;
  wf_steps: StepsTable;
  wf_hooks: HooksTable;
  wf_waits: WaitsTable;
  wf_outbox: OutboxTable;
  wf_meta: MetaTable;
}

/** A Kysely over the run object's tables that only compiles (core's object SQL kit). */
export const createQueryBuilder = (): Kysely<RunObjectDatabase> => compileOnlyKysely<RunObjectDatabase>();

/** The statements that create schema version {@link SCHEMA_VERSION}, in order. */
export function schemaStatements(db: Kysely<RunObjectDatabase>): CompiledQuery[] {
  const s = db.schema;
  return [
    s
      .createTable('wf_meta')
      .ifNotExists()
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .compile(),
    s
      .createTable('wf_events')
      .ifNotExists()
      .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('event_id', 'text', (c) => c.notNull().unique())
      .addColumn('event_type', 'text', (c) => c.notNull())
      .addColumn('correlation_id', 'text')
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .compile(),
    s.createIndex('wf_events_correlation').ifNotExists().on('wf_events').columns(['correlation_id', 'seq']).compile(),
    s
      .createTable('wf_run')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sqlIdIsOne()))
      .addColumn('run_id', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('spec_version', 'integer')
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .compile(),
    s
      .createTable('wf_steps')
      .ifNotExists()
      .addColumn('step_id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .compile(),
    s.createIndex('wf_steps_created').ifNotExists().on('wf_steps').columns(['created_at', 'step_id']).compile(),
    s
      .createTable('wf_hooks')
      .ifNotExists()
      .addColumn('hook_id', 'text', (c) => c.primaryKey())
      .addColumn('token', 'text', (c) => c.notNull())
      .addColumn('created_at', 'integer', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .compile(),
    s
      .createTable('wf_waits')
      .ifNotExists()
      .addColumn('correlation_id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('data', 'text', (c) => c.notNull())
      .compile(),
    s
      .createTable('wf_outbox')
      .ifNotExists()
      .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
      .addColumn('ops', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .compile(),
  ];
}

/** The run table holds a single row; the CHECK makes a second one impossible. */
function sqlIdIsOne() {
  return sql<boolean>`id = 1`;
}
