/** Raw byte storage for offloaded payloads, and its R2 implementation. */

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

/**
 * A {@link BlobStore} on an R2 bucket.
 *
 * @example
 * ```ts
 * const blobs = createR2BlobStore(env.BUCKET);
 * ```
 */
export function createR2BlobStore(bucket: R2Bucket): BlobStore {
  void bucket;
  throw new Error('createR2BlobStore: not implemented yet');
}
