/**
 * The coordinator's SQLite tables, declared once for Kysely (compile-only) and created by versioned DDL.
 * Each message row carries one time, `due_at`, meaning "when the alarm must next look at this row": for a
 * `pending` row it is the delivery time, for `sent` / `running` rows the end of the lease, for `dead` rows
 * "now" (the dead-letter send is owed). One index on it lets the alarm be `min(due_at)`.
 */
import { compileOnlyKysely } from '@workflow-world-cloudflare/core';
import type { Kysely } from 'kysely';

/** Where a message is in its life inside the coordinator. */
export type MessageState = 'pending' | 'sent' | 'running' | 'dead';

export interface MessagesTable {
  message_id: string;
  /** Coalescing key; unique while the row exists, forgotten when the row is acked or dead-lettered. */
  idempotency_key: string | null;
  queue_name: string;
  /** `encodeValue(payload)`, or null when the body was spilled to R2 (`body_ref`). */
  body: string | null;
  body_ref: string | null;
  body_size: number;
  /** JSON of the trace-context headers given to `queue()`. */
  headers: string;
  deployment_id: string;
  state: MessageState;
  /** Number of the latest delivery started (0 = never delivered). */
  attempt: number;
  due_at: number;
  lease_ms: number;
  created_at: number;
  last_error: string | null;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface QueueObjectDatabase {
  wf_queue_messages: MessagesTable;
  wf_queue_meta: MetaTable;
}

/** Bump when the DDL below changes; the object skips all DDL when the stored version is current. */
export const SCHEMA_VERSION = 1;

export const DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS wf_queue_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS wf_queue_messages (
    message_id TEXT PRIMARY KEY,
    idempotency_key TEXT UNIQUE,
    queue_name TEXT NOT NULL,
    body TEXT,
    body_ref TEXT,
    body_size INTEGER NOT NULL,
    headers TEXT NOT NULL,
    deployment_id TEXT NOT NULL,
    state TEXT NOT NULL,
    attempt INTEGER NOT NULL,
    due_at INTEGER NOT NULL,
    lease_ms INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    last_error TEXT
  )`,
  `CREATE INDEX IF NOT EXISTS wf_queue_messages_due ON wf_queue_messages (due_at)`,
];

/**
 * A Kysely that only compiles: statements are run synchronously with `ctx.storage.sql.exec`, which Kysely's
 * async drivers cannot do inside `transactionSync`.
 */
export const createCompiler = (): Kysely<QueueObjectDatabase> => compileOnlyKysely<QueueObjectDatabase>();
