/**
 * Sizes and thresholds of the streamer, each with the platform limit it answers to.
 */

/** Longest stream name or run id, in UTF-16 code units. */
export const MAX_NAME_LENGTH = 256;

/**
 * Longest name or run id once URI-encoded. Both are R2 key components (`streams/by-run/<runId>/<name>`), and an
 * R2 key is at most 1024 bytes, so each part gets a little under half.
 */
export const MAX_ENCODED_NAME_BYTES = 480;

/**
 * Chunks up to this size are stored inline in a Durable Object SQLite row (the row cap is 2 MB); bigger ones
 * are put in R2 as their own object by the writer and the row keeps only a reference.
 */
export const INLINE_CHUNK_MAX_BYTES = 1024 * 1024;

/** Default largest chunk accepted; matches core's default `MAX_PAYLOAD_BYTES` (25 MiB). */
export const DEFAULT_MAX_CHUNK_BYTES = 25 * 1024 * 1024;

/** Hard ceiling for `maxChunkBytes`: a Worker has 128 MB of memory and holds a chunk whole. */
export const MAX_CHUNK_BYTES_CEILING = 100 * 1024 * 1024;

/**
 * Inline bytes sent to the stream object in one RPC call. Durable Object RPC messages are capped at 32 MiB;
 * a `writeToStreamMulti` batch above this is split into several calls, in order.
 */
export const RPC_BATCH_BYTES = 8 * 1024 * 1024;

/** A segment (one R2 object) holds at most this many chunks... */
export const SEGMENT_MAX_CHUNKS = 1000;
/** ...and is closed once it reaches this many inline bytes. */
export const SEGMENT_TARGET_BYTES = 1024 * 1024;

/**
 * How long written chunks may sit in SQLite before the alarm moves them to R2 when no segment is full yet.
 * SQLite is durable, so this only bounds how much a stream object keeps in its own storage.
 */
export const FLUSH_DELAY_MS = 2000;

/** `getStreamChunks` page limits (the DevKit's documented default and maximum). */
export const DEFAULT_CHUNK_PAGE_LIMIT = 100;
export const MAX_CHUNK_PAGE_LIMIT = 1000;

/** Inline bytes the stream object returns per page or per live-read batch (at least one chunk always). */
export const READ_BATCH_BYTES = 4 * 1024 * 1024;

/** Chunks per live-read batch: one batch is one enqueue of concatenated frames on the RPC stream. */
export const READ_BATCH_CHUNKS = 512;

/** A live reader gives up after this many reconnects in a row that delivered no chunk. */
export const MAX_RECONNECTS_WITHOUT_PROGRESS = 5;
