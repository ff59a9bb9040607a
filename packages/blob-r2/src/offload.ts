/** Moves payloads above the inline threshold to a {@link BlobStore} and brings them back. */
import {
  type BlobRef,
  CloudflareWorldError,
  decodeValue,
  encodeValue,
  isBlobRef,
  newBlobId,
  payloadByteLength,
} from '@workflow-world-cloudflare/core';
import { z } from 'zod';
import type { BlobStore } from './blob-store.js';
import { mapBlobRefs } from './walk.js';

/** Where offloaded payloads live in R2. */
export const PAYLOADS_AREA = 'payloads/';

/** Where a run's offloaded payloads live in R2: `payloads/<runId>/`, one object per payload. */
export const runPayloadPrefix = (runId: string): string => `${PAYLOADS_AREA}${runId}/`;

/** Offloads large fields of stored records to blobs, and resolves the refs it left behind. */
export interface PayloadOffloader {
  /**
   * For each named field of `record` whose `payloadByteLength` > threshold: stores it under
   * `payloads/<runId>/<blobId>` and puts a `BlobRef` in its place. Returns the keys written so a failed
   * caller can delete them.
   * @throws CloudflareWorldError `PAYLOAD_TOO_LARGE` (nothing written) when a field exceeds `maxPayloadBytes`.
   */
  offload<T extends Record<string, unknown>>(
    runId: string,
    record: T,
    fields: readonly string[],
  ): Promise<{ value: T; keys: string[] }>;
  /** Deep-replaces every `BlobRef` inside `value` by the stored value (bytes, or the decoded JSON value). */
  resolve<T>(value: T): Promise<T>;
  delete(keys: string[]): Promise<void>;
}

export interface PayloadOffloaderOptions {
  blobs: BlobStore;
  /** Payloads of more than this many bytes go to the blob store; equal stays inline. */
  threshold: number;
  /** Payloads of more than this many bytes are refused. */
  maxPayloadBytes: number;
}

const OptionsSchema = z
  .object({ threshold: z.number().int().nonnegative(), maxPayloadBytes: z.number().int().positive() })
  .refine((o) => o.maxPayloadBytes >= o.threshold, { message: 'maxPayloadBytes must be at least threshold' });

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * @example
 * ```ts
 * const offloader = createPayloadOffloader({ blobs: createR2BlobStore(env.BUCKET), threshold: 10240, maxPayloadBytes: 50 * 2 ** 20 });
 * const { value, keys } = await offloader.offload(runId, { input }, ['input']);
 * const hydrated = await offloader.resolve(value);
 * ```
 * @throws CloudflareWorldError `CONFIG_INVALID` when the limits are not non-negative integers with threshold ≤ max.
 */
export function createPayloadOffloader(opts: PayloadOffloaderOptions): PayloadOffloader {
  const limits = OptionsSchema.safeParse({ threshold: opts.threshold, maxPayloadBytes: opts.maxPayloadBytes });
  if (!limits.success) {
    throw new CloudflareWorldError('CONFIG_INVALID', `Invalid payload offloader limits: ${z.prettifyError(limits.error)}`, {
      cause: limits.error,
    });
  }
  const { threshold, maxPayloadBytes } = limits.data;
  const { blobs } = opts;

  async function load(ref: BlobRef): Promise<unknown> {
    const { bytes, encoding } = await blobs.get(ref.$blob);
    if (bytes.byteLength !== ref.size) {
      throw new CloudflareWorldError('CORRUPT_ROW', `Payload blob ${ref.$blob} has ${bytes.byteLength} bytes, its reference says ${ref.size}`);
    }
    return encoding === 'binary' ? bytes : decodeValue(decoder.decode(bytes));
  }

  return {
    async offload(runId, record, fields) {
      // Measure everything first: a refused record must leave nothing behind in the bucket.
      const large: { field: string; bytes: Uint8Array; binary: boolean }[] = [];
      for (const field of fields) {
        const value = record[field];
        if (value === undefined || isBlobRef(value)) continue;
        const size = payloadByteLength(value);
        if (size > maxPayloadBytes) {
          throw new CloudflareWorldError('PAYLOAD_TOO_LARGE', `Field "${field}" is ${size} bytes; the limit is ${maxPayloadBytes}`, {
            details: { field, size, maxPayloadBytes },
          });
        }
        if (size <= threshold) continue;
        const binary = value instanceof Uint8Array;
        large.push({ field, bytes: binary ? value : encoder.encode(encodeValue(value)), binary });
      }
      if (large.length === 0) return { value: record, keys: [] };

      const planned = large.map((l) => ({ ...l, key: `${runPayloadPrefix(runId)}${newBlobId()}` }));
      const results = await Promise.allSettled(
        planned.map((p) => blobs.put(p.key, p.bytes, { encoding: p.binary ? 'binary' : 'json' })),
      );
      const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failed !== undefined) {
        // Take back what did get written, then report the first failure (and the cleanup's, if that failed too).
        await blobs.delete(planned.map((p) => p.key)).catch((cleanup: unknown) => {
          throw new AggregateError([failed.reason, cleanup], 'Payload offload failed and its cleanup failed too');
        });
        throw failed.reason;
      }
      const value: Record<string, unknown> = { ...record };
      for (const p of planned) value[p.field] = { $blob: p.key, size: p.bytes.byteLength } satisfies BlobRef;
      return { value: value as typeof record, keys: planned.map((p) => p.key) };
    },

    async resolve(value) {
      return mapBlobRefs(value, load);
    },

    async delete(keys) {
      await blobs.delete(keys);
    },
  };
}
