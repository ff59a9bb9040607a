/**
 * What the Worker side (`client/`) and the stream object (`object/`) exchange over RPC: the arguments' schemas
 * (the object parses every call with them: RPC is a boundary) and the shapes it answers.
 */
import { z } from 'zod';
import type { StoredChunk } from './segment-codec.js';
import { NameSchema, PageLimitSchema, StartIndexSchema } from './validate.js';

/** A chunk as the writer sends it: its bytes, or the R2 key of a chunk too big for a row. */
export const StoredChunkSchema = z.union([z.strictObject({ data: z.instanceof(Uint8Array) }), z.strictObject({ ref: z.string().min(1) })]);
export const AppendSchema = z.strictObject({ name: NameSchema, runId: NameSchema, chunks: z.array(StoredChunkSchema) });
export const CloseSchema = z.strictObject({ name: NameSchema, runId: NameSchema });
export const PageSchema = z.strictObject({ from: z.number().int().min(0), limit: PageLimitSchema });
export const ReadSchema = z.strictObject({ startIndex: StartIndexSchema });
export const PurgeSchema = z.strictObject({ runId: NameSchema });

/** What a stream object reports about itself. */
export interface StreamState {
  /** Chunks written so far (`tailIndex + 1`). */
  nextIndex: number;
  closed: boolean;
}

/** A chunk as the reader sees it: its index and either its bytes or the R2 key of a large chunk. */
export type IndexedChunk = StoredChunk & { index: number };
