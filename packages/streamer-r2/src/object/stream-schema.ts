/**
 * The stream object's SQLite tables, declared once for Kysely, and the compile-only Kysely instance that
 * builds every statement (run synchronously with `ctx.storage.sql.exec`).
 */
import { compileOnlyKysely } from '@workflow-world-cloudflare/core';
import type { CompiledQuery } from 'kysely';

/** Bump when the DDL below changes; the constructor skips all DDL when the stored version is current. */
export const STREAM_SCHEMA_VERSION = 1;

/** One row, `id = 1`: the stream's counters. */
export interface StreamMetaTable {
  id: number;
  schema_version: number;
  /** The stream name, learned from the first write (segment keys need it; the object id is only a hash). */
  name: string | null;
  /** Chunks written: the next chunk gets this index. */
  next_index: number;
  /** Chunks `[0, flushed_index)` live in R2 segments; the rest are rows of `wf_stream_chunks`. */
  flushed_index: number;
  closed: number;
}

/** The unflushed tail: a chunk's bytes, or the R2 key of a chunk too big for a row. */
export interface StreamChunksTable {
  idx: number;
  data: Uint8Array | null;
  ref: string | null;
  size: number;
}

/** Flushed segments: R2 objects holding chunks `[first_index, first_index + chunk_count)`. */
export interface StreamSegmentsTable {
  first_index: number;
  chunk_count: number;
  r2_key: string;
  byte_length: number;
}

/** Runs whose registry marker is in R2 already. */
export interface StreamRunsTable {
  run_id: string;
}

export interface StreamDatabase {
  wf_stream_meta: StreamMetaTable;
  wf_stream_chunks: StreamChunksTable;
  wf_stream_segments: StreamSegmentsTable;
  wf_stream_runs: StreamRunsTable;
}

/** Builds SQL only (core's object SQL kit); executing through it fails by design. */
export const db = compileOnlyKysely<StreamDatabase>();

/** DDL of version {@link STREAM_SCHEMA_VERSION}. */
export function schemaStatements(): CompiledQuery[] {
  return [
    db.schema
      .createTable('wf_stream_meta')
      .ifNotExists()
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('schema_version', 'integer', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('next_index', 'integer', (c) => c.notNull())
      .addColumn('flushed_index', 'integer', (c) => c.notNull())
      .addColumn('closed', 'integer', (c) => c.notNull())
      .compile(),
    db.schema
      .createTable('wf_stream_chunks')
      .ifNotExists()
      .addColumn('idx', 'integer', (c) => c.primaryKey())
      .addColumn('data', 'blob')
      .addColumn('ref', 'text')
      .addColumn('size', 'integer', (c) => c.notNull())
      .compile(),
    db.schema
      .createTable('wf_stream_segments')
      .ifNotExists()
      .addColumn('first_index', 'integer', (c) => c.primaryKey())
      .addColumn('chunk_count', 'integer', (c) => c.notNull())
      .addColumn('r2_key', 'text', (c) => c.notNull())
      .addColumn('byte_length', 'integer', (c) => c.notNull())
      .compile(),
    db.schema
      .createTable('wf_stream_runs')
      .ifNotExists()
      .addColumn('run_id', 'text', (c) => c.primaryKey())
      .compile(),
  ];
}
