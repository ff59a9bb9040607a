/**
 * The stream object's state and every statement it runs: append, close, the unflushed tail, the segment
 * table and the flush bookkeeping. All methods are synchronous (`sql.exec` / `transactionSync`), so each one
 * sees and leaves a consistent snapshot; the counters in memory are a cache rebuilt from SQL on wake.
 */
import { segmentKey } from '../keys.js';
import { SEGMENT_MAX_CHUNKS, SEGMENT_TARGET_BYTES } from '../limits.js';
import type { StoredChunk } from '../segment-codec.js';
import { ensureObjectSchema, runWrite, selectAll, selectFirst } from '@workflow-world-cloudflare/core';
import type { IndexedChunk } from '../protocol.js';
import { db, schemaStatements, STREAM_SCHEMA_VERSION } from './stream-schema.js';
import type { CompiledQuery } from 'kysely';


export interface SegmentRow {
  firstIndex: number;
  count: number;
  key: string;
}

/** Chunks `[firstIndex, firstIndex + chunks.length)` ready to become one segment object. */
export interface FlushPlan {
  firstIndex: number;
  key: string;
  chunks: StoredChunk[];
}

type Row = Record<string, SqlStorageValue>;

export class StreamLog {
  readonly #sql: SqlStorage;
  readonly #storage: DurableObjectStorage;
  #name: string | null = null;
  #next = 0;
  #flushed = 0;
  #closed = false;
  #unflushedBytes = 0;
  readonly #runs = new Set<string>();

  /** Creates the tables when needed and loads the counters. Call inside `blockConcurrencyWhile`. */
  constructor(storage: DurableObjectStorage) {
    this.#storage = storage;
    this.#sql = storage.sql;
    storage.transactionSync(() => this.#ensureSchema());
    this.#load();
  }

  get name(): string | null {
    return this.#name;
  }
  /** Number of chunks written (the index the next one gets). */
  get nextIndex(): number {
    return this.#next;
  }
  /** Chunks below this index are in R2 segments. */
  get flushedIndex(): number {
    return this.#flushed;
  }
  get closed(): boolean {
    return this.#closed;
  }
  get unflushedBytes(): number {
    return this.#unflushedBytes;
  }

  hasRun(runId: string): boolean {
    return this.#runs.has(runId);
  }

  /** No run but `runId` ever wrote this stream. */
  runsAreOnly(runId: string): boolean {
    for (const r of this.#runs) if (r !== runId) return false;
    return true;
  }

  /**
   * Appends `chunks` after the current tail in one transaction and records `runId` as registered. A closed
   * stream keeps nothing (the reference worlds ignore writes after close): `dropped` is then true.
   */
  append(name: string, runId: string, chunks: readonly StoredChunk[]): { firstIndex: number; dropped: boolean } {
    const firstIndex = this.#next;
    if (this.#closed) {
      this.#storage.transactionSync(() => this.#recordRun(runId));
      return { firstIndex, dropped: true };
    }
    let bytes = 0;
    this.#storage.transactionSync(() => {
      this.#recordRun(runId);
      // One compiled statement, run once per row: DO SQLite allows at most 100 bound parameters per query.
      const insert = db
        .insertInto('wf_stream_chunks')
        .values({ idx: 0, data: null, ref: null, size: 0 })
        .compile();
      chunks.forEach((c, i) => {
        const size = c.ref === undefined ? c.data.byteLength : 0;
        bytes += size;
        this.#sql.exec(insert.sql, firstIndex + i, c.ref === undefined ? c.data : null, c.ref ?? null, size);
      });
      this.#run(
        db
          .updateTable('wf_stream_meta')
          .set({ next_index: firstIndex + chunks.length, name: this.#name ?? name })
          .where('id', '=', 1)
          .compile(),
      );
    });
    this.#name ??= name;
    this.#next = firstIndex + chunks.length;
    this.#unflushedBytes += bytes;
    return { firstIndex, dropped: false };
  }

  /** Marks the stream closed (idempotent). Returns whether it already was. */
  close(name: string, runId: string): { alreadyClosed: boolean } {
    const alreadyClosed = this.#closed;
    this.#storage.transactionSync(() => {
      this.#recordRun(runId);
      if (!alreadyClosed) {
        this.#run(db.updateTable('wf_stream_meta').set({ closed: 1, name: this.#name ?? name }).where('id', '=', 1).compile());
      }
    });
    this.#name ??= name;
    this.#closed = true;
    return { alreadyClosed };
  }

  /** Up to `limit` unflushed chunks from `from` on, in order (empty when `from` is already flushed). */
  tail(from: number, limit: number): IndexedChunk[] {
    const q = db
      .selectFrom('wf_stream_chunks')
      .select(['idx', 'data', 'ref'])
      .where('idx', '>=', from)
      .orderBy('idx')
      .limit(limit)
      .compile();
    return this.#rows(q).map((r) => {
      const index = r.idx as number;
      return typeof r.ref === 'string' ? { index, ref: r.ref } : { index, data: new Uint8Array(r.data as ArrayBuffer) };
    });
  }

  /** The segment holding chunk `index`, or `null` when it is not flushed. */
  segmentAt(index: number): SegmentRow | null {
    if (index >= this.#flushed) return null;
    const q = db
      .selectFrom('wf_stream_segments')
      .select(['first_index', 'chunk_count', 'r2_key'])
      .where('first_index', '<=', index)
      .orderBy('first_index', 'desc')
      .limit(1)
      .compile();
    const row = this.#rows(q)[0];
    return row ? { firstIndex: row.first_index as number, count: row.chunk_count as number, key: row.r2_key as string } : null;
  }

  /** The next segment to write: oldest unflushed chunks, up to the segment size. `null` when all are flushed. */
  planFlush(): FlushPlan | null {
    if (this.#flushed >= this.#next || this.#name === null) return null;
    const rows = this.tail(this.#flushed, SEGMENT_MAX_CHUNKS);
    const chunks: StoredChunk[] = [];
    let bytes = 0;
    for (const r of rows) {
      if (chunks.length > 0 && bytes >= SEGMENT_TARGET_BYTES) break;
      chunks.push(r.ref === undefined ? { data: r.data } : { ref: r.ref });
      bytes += r.data?.byteLength ?? 0;
    }
    return { firstIndex: this.#flushed, key: segmentKey(this.#name, this.#flushed), chunks };
  }

  /** Records a written segment and drops its rows, in one transaction. */
  commitFlush(plan: FlushPlan, byteLength: number): void {
    const end = plan.firstIndex + plan.chunks.length;
    let freed = 0;
    this.#storage.transactionSync(() => {
      const sum = this.#rows(
        db
          .selectFrom('wf_stream_chunks')
          .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('bytes'))
          .where('idx', '<', end)
          .compile(),
      )[0];
      freed = Number(sum?.bytes ?? 0);
      this.#run(
        db
          .insertInto('wf_stream_segments')
          .values({ first_index: plan.firstIndex, chunk_count: plan.chunks.length, r2_key: plan.key, byte_length: byteLength })
          .onConflict((oc) => oc.column('first_index').doNothing())
          .compile(),
      );
      this.#run(db.deleteFrom('wf_stream_chunks').where('idx', '<', end).compile());
      this.#run(db.updateTable('wf_stream_meta').set({ flushed_index: end }).where('id', '=', 1).compile());
    });
    this.#flushed = end;
    this.#unflushedBytes -= freed;
  }

  #recordRun(runId: string): void {
    if (this.#runs.has(runId)) return;
    this.#run(db.insertInto('wf_stream_runs').values({ run_id: runId }).onConflict((oc) => oc.doNothing()).compile());
    this.#runs.add(runId);
  }

  #ensureSchema(): void {
    ensureObjectSchema(this.#sql, {
      version: STREAM_SCHEMA_VERSION,
      ddl: schemaStatements().map((statement) => statement.sql),
      versionTable: 'wf_stream_meta',
      storedVersion: (sql) =>
        selectFirst<{ schema_version: number }>(sql, db.selectFrom('wf_stream_meta').select('schema_version').where('id', '=', 1))?.schema_version ?? null,
      recordVersion: (sql, version) =>
        runWrite(
          sql,
          db
            .insertInto('wf_stream_meta')
            .values({ id: 1, schema_version: version, name: null, next_index: 0, flushed_index: 0, closed: 0 })
            .onConflict((oc) => oc.column('id').doUpdateSet({ schema_version: version })),
        ),
    });
  }

  #load(): void {
    const meta = this.#rows(db.selectFrom('wf_stream_meta').selectAll().where('id', '=', 1).compile())[0];
    if (meta) {
      this.#name = (meta.name as string | null) ?? null;
      this.#next = meta.next_index as number;
      this.#flushed = meta.flushed_index as number;
      this.#closed = meta.closed === 1;
    }
    const sum = this.#rows(
      db
        .selectFrom('wf_stream_chunks')
        .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('size'), eb.lit(0)).as('bytes'))
        .compile(),
    )[0];
    this.#unflushedBytes = Number(sum?.bytes ?? 0);
    for (const r of this.#rows(db.selectFrom('wf_stream_runs').select('run_id').compile())) this.#runs.add(r.run_id as string);
  }

  #run(q: CompiledQuery): void {
    runWrite(this.#sql, q);
  }

  #rows(q: CompiledQuery): Row[] {
    return selectAll<Row>(this.#sql, q);
  }
}
