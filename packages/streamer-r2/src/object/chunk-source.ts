/**
 * Reads a stream's chunks in index order wherever they are: R2 segments below the flushed index, SQLite rows
 * above it. Each step decides where chunk `i` lives and reads the SQLite rows in the same synchronous turn,
 * so a flush running in between (it only moves rows into segments) can never hide or repeat a chunk.
 */
import { getR2Object } from '@workflow-world-cloudflare/blob-r2';
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { decodeSegment, type StoredChunk } from '../segment-codec.js';
import type { IndexedChunk } from '../protocol.js';
import type { SegmentRow, StreamLog } from './stream-log.js';

/** Decoded segments kept in memory; segments are immutable, so a cached one never goes stale. */
const SEGMENT_CACHE_SIZE = 4;

export class ChunkSource {
  readonly #log: StreamLog;
  readonly #bucket: R2Bucket;
  readonly #cache = new Map<string, StoredChunk[]>();

  constructor(log: StreamLog, bucket: R2Bucket) {
    this.#log = log;
    this.#bucket = bucket;
  }

  /**
   * Chunks from index `from` on, at most `maxCount` of them, stopping once `maxBytes` of inline data were
   * gathered (but always at least one chunk when one exists). Fewer than asked only at the tail or budget.
   */
  async collect(from: number, maxCount: number, maxBytes: number): Promise<IndexedChunk[]> {
    const out: IndexedChunk[] = [];
    let index = from;
    let bytes = 0;
    const room = () => out.length < maxCount && (out.length === 0 || bytes < maxBytes);
    while (room() && index < this.#log.nextIndex) {
      const segment = this.#log.segmentAt(index);
      const batch = segment ? await this.#fromSegment(segment, index) : this.#log.tail(index, maxCount - out.length);
      // `segmentAt` and `tail` run in one synchronous turn, so chunk `index` is in one of them unless storage is corrupt.
      if (batch[0]?.index !== index) {
        throw new CloudflareWorldError('CORRUPT_ROW', `Chunk ${index} is missing from ${segment ? `segment ${segment.key}` : 'the stream object'}`);
      }
      for (const c of batch) {
        if (!room() || c.index !== index) break;
        out.push(c);
        bytes += c.data?.byteLength ?? 0;
        index++;
      }
    }
    return out;
  }

  async #fromSegment(segment: SegmentRow, from: number): Promise<IndexedChunk[]> {
    const chunks = await this.#load(segment);
    return chunks.slice(from - segment.firstIndex).map((c, i) => ({ ...c, index: from + i }));
  }

  async #load(segment: SegmentRow): Promise<StoredChunk[]> {
    const hit = this.#cache.get(segment.key);
    if (hit) return hit;
    const object = await getR2Object(this.#bucket, segment.key, 'Stream segment');
    const chunks = decodeSegment(new Uint8Array(await object.arrayBuffer()), segment.count, segment.key);
    this.#cache.set(segment.key, chunks);
    if (this.#cache.size > SEGMENT_CACHE_SIZE) {
      const oldest = this.#cache.keys().next().value;
      if (oldest !== undefined) this.#cache.delete(oldest);
    }
    return chunks;
  }
}
