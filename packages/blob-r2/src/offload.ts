/** Moves payloads above the inline threshold to a {@link BlobStore} and brings them back. */
import type { BlobStore } from './blob-store.js';

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

/**
 * @example
 * ```ts
 * const offloader = createPayloadOffloader({ blobs: createR2BlobStore(env.BUCKET), threshold: 10240, maxPayloadBytes: 50 * 2 ** 20 });
 * const { value, keys } = await offloader.offload(runId, { input }, ['input']);
 * ```
 */
export function createPayloadOffloader(opts: PayloadOffloaderOptions): PayloadOffloader {
  void opts;
  throw new Error('createPayloadOffloader: not implemented yet');
}
