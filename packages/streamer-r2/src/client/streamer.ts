/**
 * `createR2Streamer`: the DevKit `Streamer` on a stream Durable Object per name plus R2.
 */
import { getR2Object } from '@workflow-world-cloudflare/blob-r2';
import { CloudflareWorldError, decodeCursor, encodeCursor, newBlobId } from '@workflow-world-cloudflare/core';
import type { GetChunksOptions, StreamChunk, StreamChunksResponse, StreamInfoResponse, Streamer } from '@workflow/world';
import { largeChunkKey } from '../keys.js';
import { DEFAULT_CHUNK_PAGE_LIMIT, DEFAULT_MAX_CHUNK_BYTES, INLINE_CHUNK_MAX_BYTES, MAX_CHUNK_BYTES_CEILING, RPC_BATCH_BYTES } from '../limits.js';
import { openLiveReader } from './live-reader.js';
import { type RpcResult, unwrapRpc } from '@workflow-world-cloudflare/core';
import { listRunStreams } from '../run-registry.js';
import type { StoredChunk } from '../segment-codec.js';
import { check, chunkBytes, NameSchema, PageLimitSchema, StartIndexSchema } from '../validate.js';
import type { WorkflowStreamObject } from '../object/workflow-stream-object.js';

export interface R2StreamerOptions {
  /** The `WORKFLOW_STREAM` namespace: one object per stream name. */
  streams: DurableObjectNamespace<WorkflowStreamObject>;
  /** The `BUCKET` R2 bucket (the same one the stream objects are bound to). */
  bucket: R2Bucket;
  /** Largest chunk accepted, in bytes (default 25 MiB, at most 100 MiB). Bigger ones fail with `PAYLOAD_TOO_LARGE`. */
  maxChunkBytes?: number;
}

/**
 * The `Streamer` part of the World.
 *
 * - Writes go to the stream object (one RPC per call, or per 8 MiB of a large `writeToStreamMulti` batch);
 *   chunks above 1 MiB are put in R2 first and recorded by key. Writes after `closeStream` are accepted and
 *   ignored, as in the reference worlds. Calls on one stream through one streamer keep their call order.
 * - `readFromStream` is live: the object replays stored chunks, then pushes new ones until the stream closes;
 *   a dropped connection is resumed from the next owed index (no gap, no duplicate).
 * - Errors: `CloudflareWorldError` `INVALID_ARGUMENT` (bad name, run id, index, chunk type, limit or cursor) and
 *   `PAYLOAD_TOO_LARGE`, both before anything is written.
 *
 * @example
 * ```ts
 * const streamer = createR2Streamer({ streams: env.WORKFLOW_STREAM, bucket: env.BUCKET });
 * await streamer.writeToStream('strm_1_user', runId, 'hello');
 * await streamer.closeStream('strm_1_user', runId);
 * const body = await streamer.readFromStream('strm_1_user');
 * ```
 */
export function createR2Streamer(options: R2StreamerOptions): Streamer {
  const { streams, bucket } = options;
  const maxChunkBytes = options.maxChunkBytes ?? DEFAULT_MAX_CHUNK_BYTES;
  if (!Number.isInteger(maxChunkBytes) || maxChunkBytes < 1 || maxChunkBytes > MAX_CHUNK_BYTES_CEILING) {
    throw new CloudflareWorldError('CONFIG_INVALID', `maxChunkBytes must be an integer from 1 to ${MAX_CHUNK_BYTES_CEILING}, got ${String(maxChunkBytes)}`);
  }
  const stub = (name: string) => streams.get(streams.idFromName(name));

  /**
   * Per stream name: the stub calls go through, and a promise that settles once the last call was *issued*.
   * Calls on one stub reach the object in the order they are made (E-order) and the object commits in arrival
   * order, so waiting for the previous call to be issued (not answered) keeps call order and still pipelines.
   */
  const lanes = new Map<string, { stub: ReturnType<typeof stub>; issued: Promise<void> }>();
  const inOrder = async <T>(
    name: string,
    prepare: () => Promise<boolean>,
    call: (s: ReturnType<typeof stub>) => Promise<T>,
  ): Promise<T> => {
    const lane = lanes.get(name) ?? { stub: stub(name), issued: Promise.resolve() };
    let markIssued: () => void = () => undefined;
    const issued = new Promise<void>((resolve) => {
      markIssued = resolve;
    });
    const previous = lane.issued;
    lane.issued = issued;
    lanes.set(name, lane);
    let pending: Promise<T>;
    try {
      // `prepare` says whether the call is several RPCs; then the lane is held until it completes.
      const hold = await prepare();
      await previous;
      pending = call(lane.stub);
      if (hold) await Promise.allSettled([pending]);
    } finally {
      markIssued();
      if (lane.issued === issued) lanes.delete(name);
    }
    return pending;
  };

  const fetchRef = async (key: string): Promise<Uint8Array> => {
    const object = await getR2Object(bucket, key, 'Stream chunk object');
    return new Uint8Array(await object.arrayBuffer());
  };

  const write = async (name: string, runId: string, chunks: readonly unknown[]): Promise<void> => {
    check(NameSchema, name, 'stream name');
    check(NameSchema, runId, 'runId');
    if (!Array.isArray(chunks)) throw new CloudflareWorldError('INVALID_ARGUMENT', 'Stream chunks must be an array');
    const bytes = chunks.map((c, i) => chunkBytes(c, i, maxChunkBytes));
    if (bytes.length === 0) return;
    let planned: StoredChunk[][] = [];
    const prepare = async () => {
      planned = [...batches(bytes, await uploadLarge(name, bytes))];
      return planned.length > 1;
    };
    await inOrder(name, prepare, (target) => appendBatches(target, name, runId, planned));
  };

  /** Puts every chunk too big for a row in R2; on a failure removes the ones already put. */
  const uploadLarge = async (name: string, bytes: Uint8Array[]): Promise<(string | null)[]> => {
    const uploads = await Promise.allSettled(
      bytes.map(async (b) => {
        if (b.byteLength <= INLINE_CHUNK_MAX_BYTES) return null;
        const key = largeChunkKey(name, newBlobId());
        await bucket.put(key, b);
        return key;
      }),
    );
    const refs = uploads.map((u) => (u.status === 'fulfilled' ? u.value : null));
    const failed = uploads.find((u): u is PromiseRejectedResult => u.status === 'rejected');
    if (failed) {
      await bucket.delete(refs.filter((k): k is string => k !== null));
      throw failed.reason;
    }
    return refs;
  };

  const appendBatches = async (
    target: ReturnType<typeof stub>,
    name: string,
    runId: string,
    planned: StoredChunk[][],
  ): Promise<void> => {
    const uncommitted = new Set(planned.flat().flatMap((c) => (c.ref === undefined ? [] : [c.ref])));
    try {
      for (const batch of planned) {
        const result = unwrapRpc(await target.append({ name, runId, chunks: batch }));
        for (const c of batch) {
          // Dropped (stream closed): nothing points at the uploaded objects, so they stay in `uncommitted`.
          if (c.ref !== undefined && !result.dropped) uncommitted.delete(c.ref);
        }
      }
    } finally {
      if (uncommitted.size > 0) await bucket.delete([...uncommitted]);
    }
  };

  return {
    writeToStream: (name, runId, chunk) => write(name, runId, [chunk]),

    writeToStreamMulti: (name, runId, chunks) => write(name, runId, chunks),

    async closeStream(name, runId) {
      check(NameSchema, name, 'stream name');
      check(NameSchema, runId, 'runId');
      unwrapRpc(await inOrder<RpcResult<{ alreadyClosed: boolean }>>(name, async () => false, (target) => target.close({ name, runId })));
    },

    async readFromStream(name, startIndex = 0) {
      check(NameSchema, name, 'stream name');
      check(StartIndexSchema, startIndex, 'startIndex');
      return openLiveReader({ connect: (from) => stub(name).read({ startIndex: from }), fetchRef, startIndex });
    },

    async getStreamChunks(name: string, runId: string, opts?: GetChunksOptions): Promise<StreamChunksResponse> {
      check(NameSchema, name, 'stream name');
      check(NameSchema, runId, 'runId');
      const limit = check(PageLimitSchema, opts?.limit ?? DEFAULT_CHUNK_PAGE_LIMIT, 'limit');
      const from = opts?.cursor ? cursorIndex(opts.cursor, name) : 0;
      const page = unwrapRpc(await stub(name).page({ from, limit }));
      const data: StreamChunk[] = await Promise.all(
        page.chunks.map(async (c) => ({ index: c.index, data: c.ref === undefined ? c.data : await fetchRef(c.ref) })),
      );
      const end = from + data.length;
      const hasMore = end < page.nextIndex;
      return { data, cursor: hasMore ? encodeCursor({ t: end, id: name }) : null, hasMore, done: page.closed };
    },

    async getStreamInfo(name: string, runId: string): Promise<StreamInfoResponse> {
      check(NameSchema, name, 'stream name');
      check(NameSchema, runId, 'runId');
      const state = await stub(name).info();
      return { tailIndex: state.nextIndex - 1, done: state.closed };
    },

    async listStreamsByRunId(runId) {
      check(NameSchema, runId, 'runId');
      return listRunStreams(bucket, runId);
    },
  };
}

/** Groups chunks into RPC-sized batches, in order. */
function* batches(bytes: Uint8Array[], refs: (string | null)[]): Generator<StoredChunk[]> {
  let batch: StoredChunk[] = [];
  let size = 0;
  for (const [i, b] of bytes.entries()) {
    const ref = refs[i];
    const chunk: StoredChunk = ref ? { ref } : { data: b };
    const cost = ref ? ref.length : b.byteLength;
    if (batch.length > 0 && size + cost > RPC_BATCH_BYTES) {
      yield batch;
      batch = [];
      size = 0;
    }
    batch.push(chunk);
    size += cost;
  }
  if (batch.length > 0) yield batch;
}

/**
 * The index a `getStreamChunks` cursor resumes at. The cursor is core's opaque position with `t` = next
 * index and `id` = stream name, so a cursor from another stream is rejected instead of misread.
 */
function cursorIndex(cursor: string, name: string): number {
  const position = decodeCursor(cursor);
  if (position.id !== name || !Number.isInteger(position.t) || position.t < 0) {
    throw new CloudflareWorldError('INVALID_ARGUMENT', `Cursor ${cursor} does not belong to stream ${name}`);
  }
  return position.t;
}
