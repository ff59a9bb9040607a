/**
 * `WorkflowStreamObject`: one Durable Object per stream name (`idFromName(name)`, binding `WORKFLOW_STREAM`,
 * SQLite storage). It orders the stream's chunks, keeps the unflushed tail in SQLite, moves it to R2 segments
 * on an alarm, and pushes new chunks to live readers.
 */
import { DurableObject } from 'cloudflare:workers';
import { createAlarmSchedule, type RpcResult, toRpcResult } from '@workflow-world-cloudflare/core';
import { FLUSH_DELAY_MS, MAX_CHUNK_PAGE_LIMIT, READ_BATCH_BYTES, SEGMENT_MAX_CHUNKS, SEGMENT_TARGET_BYTES } from '../limits.js';
import { AppendSchema, CloseSchema, type IndexedChunk, PageSchema, PurgeSchema, ReadSchema, type StreamState } from '../protocol.js';
import { registerStream } from '../run-registry.js';
import { encodeSegment, type StoredChunk } from '../segment-codec.js';
import { check } from '../validate.js';
import { ChunkSource } from './chunk-source.js';
import { ChangeSignal, openLiveRead } from './live-read.js';
import { StreamLog } from './stream-log.js';

/** The bindings the stream object uses. */
export interface StreamObjectEnv {
  /** R2: segments, large chunks and the run registry. */
  BUCKET: R2Bucket;
}

/**
 * The Durable Object behind every stream. Use it through `createR2Streamer`; its RPC methods are the
 * streamer's transport, not a public API.
 */
export class WorkflowStreamObject extends DurableObject<StreamObjectEnv> {
  #log!: StreamLog;
  #source!: ChunkSource;
  readonly #changed = new ChangeSignal();
  /** Commits happen in arrival order even when registering a run awaits R2 first. */
  #writes: Promise<unknown> = Promise.resolve();
  /** The one alarm: the next flush (core's schedule, earlier-only). */
  readonly #alarm = createAlarmSchedule<'flush'>(this.ctx.storage, { policy: 'earlier-only' });

  constructor(ctx: DurableObjectState, env: StreamObjectEnv) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      this.#log = new StreamLog(ctx.storage);
      this.#source = new ChunkSource(this.#log, env.BUCKET);
      await this.#alarm.load();
    });
  }

  /** Appends chunks after the tail (dropped, as in the reference worlds, when the stream is closed). */
  append(input: { name: string; runId: string; chunks: StoredChunk[] }): Promise<RpcResult<{ firstIndex: number; dropped: boolean }>> {
    return toRpcResult(() => {
      const { name, runId, chunks } = check(AppendSchema, input, 'stream append');
      return this.#serially(async () => {
        await this.#ensureRegistered(runId, name);
        const result = this.#log.append(name, runId, chunks as StoredChunk[]);
        if (!result.dropped) this.#changed.notify();
        await this.#scheduleFlush();
        return result;
      });
    });
  }

  /** Closes the stream: readers get the remaining chunks, then end. Idempotent. */
  close(input: { name: string; runId: string }): Promise<RpcResult<{ alreadyClosed: boolean }>> {
    return toRpcResult(() => {
      const { name, runId } = check(CloseSchema, input, 'stream close');
      return this.#serially(async () => {
        await this.#ensureRegistered(runId, name);
        const result = this.#log.close(name, runId);
        this.#changed.notify();
        await this.#scheduleFlush();
        return result;
      });
    });
  }

  /** Chunk count and closed flag. */
  info(): StreamState {
    return { nextIndex: this.#log.nextIndex, closed: this.#log.closed };
  }

  /** A snapshot page: up to `limit` chunks from `from`, bounded by bytes; large chunks come as R2 keys. */
  page(input: { from: number; limit: number }): Promise<RpcResult<StreamState & { chunks: IndexedChunk[] }>> {
    return toRpcResult(async () => {
      const { from, limit } = check(PageSchema, input, 'stream page');
      const chunks = await this.#source.collect(from, Math.min(limit, MAX_CHUNK_PAGE_LIMIT), READ_BATCH_BYTES);
      return { chunks, ...this.info() };
    });
  }

  /** A live read from `startIndex`: a byte stream of frames (see `frames.ts`). */
  read(input: { startIndex: number }): ReadableStream<Uint8Array> {
    // The streamer checked this already; an invalid call here is a bug, so it may throw across RPC.
    const { startIndex } = check(ReadSchema, input, 'stream read');
    return openLiveRead(this.#log, this.#source, this.#changed, startIndex);
  }

  /**
   * Deletes the stream's state (chunks, segment list, runs, alarm) when every run that wrote it is `runId`, and
   * answers whether it did; a stream another run also wrote is left alone. Its R2 objects are the caller's
   * (`purgeRunStreams`). Idempotent: an empty object answers `purged: true`.
   */
  purge(input: { runId: string }): Promise<RpcResult<{ purged: boolean }>> {
    return toRpcResult(() => {
      const { runId } = check(PurgeSchema, input, 'stream purge');
      return this.#serially(async () => {
        if (!this.#log.runsAreOnly(runId)) return { purged: false };
        await this.#alarm.clear();
        await this.ctx.storage.deleteAll();
        // A fresh, empty log: readers still attached see a stream with nothing in it.
        this.#log = new StreamLog(this.ctx.storage);
        this.#source = new ChunkSource(this.#log, this.env.BUCKET);
        this.#changed.notify();
        return { purged: true };
      });
    });
  }

  /** Moves every unflushed chunk to R2 segments. A failure rethrows so the platform retries the alarm. */
  override async alarm(): Promise<void> {
    this.#alarm.fired();
    for (let plan = this.#log.planFlush(); plan; plan = this.#log.planFlush()) {
      const body = encodeSegment(plan.chunks);
      await this.env.BUCKET.put(plan.key, body);
      this.#log.commitFlush(plan, body.byteLength);
    }
  }

  #serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#writes.then(fn, fn);
    this.#writes = run.catch((err: unknown) => err);
    return run;
  }

  async #ensureRegistered(runId: string, name: string): Promise<void> {
    if (!this.#log.hasRun(runId)) await registerStream(this.env.BUCKET, runId, name);
  }

  /** Flush now when a segment is full or the stream closed, else within `FLUSH_DELAY_MS`. */
  async #scheduleFlush(): Promise<void> {
    const log = this.#log;
    const unflushed = log.nextIndex - log.flushedIndex;
    if (unflushed === 0) return;
    const full = unflushed >= SEGMENT_MAX_CHUNKS || log.unflushedBytes >= SEGMENT_TARGET_BYTES || log.closed;
    const due = Date.now() + (full ? 0 : FLUSH_DELAY_MS);
    await this.#alarm.want('flush', due);
  }
}
