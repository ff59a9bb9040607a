/**
 * Checks of everything a caller hands the streamer, shared by the writer (before any I/O) and the stream
 * object (its RPC arguments). Every failure is a `CloudflareWorldError` `INVALID_ARGUMENT` or
 * `PAYLOAD_TOO_LARGE`, thrown before anything is written.
 */
import { CloudflareWorldError, zodProblems } from '@workflow-world-cloudflare/core';
import { z } from 'zod';
import { MAX_CHUNK_PAGE_LIMIT, MAX_ENCODED_NAME_BYTES, MAX_NAME_LENGTH } from './limits.js';

/** A stream name or run id: non-empty, bounded, and short enough to be part of an R2 key. */
export const NameSchema = z
  .string()
  .min(1)
  .max(MAX_NAME_LENGTH)
  .refine((s) => encodeURIComponent(s).length <= MAX_ENCODED_NAME_BYTES, {
    message: `must be at most ${MAX_ENCODED_NAME_BYTES} bytes once URI-encoded`,
  });

/** A chunk index a read starts at: any safe integer (negative counts back from the tail). */
export const StartIndexSchema = z.number().int().min(-(2 ** 32)).max(2 ** 32);

export const PageLimitSchema = z.number().int().min(1).max(MAX_CHUNK_PAGE_LIMIT);

/** Parses `value` or throws `INVALID_ARGUMENT` naming `what`. */
export function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = zodProblems(result.error);
  throw new CloudflareWorldError('INVALID_ARGUMENT', `Invalid ${what}: ${problems.join('; ')}`, {
    cause: result.error,
    details: { argument: what, issues: problems },
  });
}

const utf8 = new TextEncoder();

/**
 * The bytes of one chunk: strings UTF-8 encoded, byte arrays copied (so a caller reusing its buffer cannot
 * change what was written).
 *
 * @throws CloudflareWorldError `INVALID_ARGUMENT` (not a string or `Uint8Array`), `PAYLOAD_TOO_LARGE`.
 */
export function chunkBytes(chunk: unknown, position: number, maxBytes: number): Uint8Array {
  let bytes: Uint8Array;
  if (typeof chunk === 'string') bytes = utf8.encode(chunk);
  else if (chunk instanceof Uint8Array) bytes = chunk.slice();
  else {
    throw new CloudflareWorldError('INVALID_ARGUMENT', `Stream chunk ${position} must be a string or Uint8Array, got ${describe(chunk)}`, {
      details: { position },
    });
  }
  if (bytes.byteLength > maxBytes) {
    throw new CloudflareWorldError('PAYLOAD_TOO_LARGE', `Stream chunk ${position} is ${bytes.byteLength} bytes, too large to store (limit ${maxBytes} bytes, MAX_PAYLOAD_BYTES); write it as smaller chunks`, {
      details: { position, size: bytes.byteLength, limit: maxBytes },
    });
  }
  return bytes;
}

const describe = (v: unknown): string => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v);
