/** Raw byte storage for offloaded payloads, and its R2 implementation. */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { z } from 'zod';
import { R2_MAX_KEYS_PER_CALL } from './r2-prefixes.js';
import { getR2Object } from './get-object.js';

/** How the stored bytes are to be read back: as-is, or as `encodeValue` text. */
export type BlobEncoding = 'binary' | 'json';

/** A key/value byte store. Keys are `payloads/<runId>/<blobId>`. */
export interface BlobStore {
  put(key: string, value: Uint8Array, meta: { encoding: BlobEncoding }): Promise<void>;
  /** @throws CloudflareWorldError `BLOB_MISSING` when nothing is stored under `key`. */
  get(key: string): Promise<{ bytes: Uint8Array; encoding: BlobEncoding }>;
  /** Deletes `keys`; absent keys are ignored. */
  delete(keys: string[]): Promise<void>;
}

/** R2 metadata is an edge: written by us, but read back from storage another version may have written. */
const BlobMetadataSchema = z.object({ encoding: z.enum(['binary', 'json']) });


/**
 * A {@link BlobStore} on an R2 bucket. The encoding travels in the object's `customMetadata`.
 *
 * @example
 * ```ts
 * const blobs = createR2BlobStore(env.BUCKET);
 * await blobs.put('payloads/wrun_…/blob_…', bytes, { encoding: 'binary' });
 * ```
 */
export function createR2BlobStore(bucket: R2Bucket): BlobStore {
  return {
    async put(key, value, meta) {
      await bucket.put(key, value, { customMetadata: { encoding: meta.encoding } });
    },

    async get(key) {
      const object = await getR2Object(bucket, key, 'Payload blob');
      const meta = BlobMetadataSchema.safeParse(object.customMetadata ?? {});
      if (!meta.success) {
        throw new CloudflareWorldError('CORRUPT_ROW', `Payload blob ${key} has unreadable metadata`, {
          cause: meta.error,
          details: { key },
        });
      }
      return { bytes: new Uint8Array(await object.arrayBuffer()), encoding: meta.data.encoding };
    },

    async delete(keys) {
      for (let i = 0; i < keys.length; i += R2_MAX_KEYS_PER_CALL) {
        await bucket.delete(keys.slice(i, i + R2_MAX_KEYS_PER_CALL));
      }
    },
  };
}
