/**
 * @module
 * Large-payload offload to Cloudflare R2: payloads above the inline threshold are stored under
 * `payloads/<runId>/<blobId>` and replaced by a `BlobRef` in rows; `resolve` brings them back.
 */
export { type BlobEncoding, type BlobStore, createR2BlobStore } from './blob-store.js';
export { createPayloadOffloader, type PayloadOffloader, type PayloadOffloaderOptions } from './offload.js';
