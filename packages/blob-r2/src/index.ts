/**
 * @module
 * Large-payload offload to Cloudflare R2: payloads above the inline threshold are stored under
 * `payloads/<runId>/<blobId>` and replaced by a `BlobRef` in rows; `resolve` brings them back.
 */
export { type BlobEncoding, type BlobStore, createR2BlobStore } from './blob-store.js';
export { getR2Object } from './get-object.js';
export { deleteR2Prefix, listRunPrefixes, newestUpload, R2_MAX_KEYS_PER_CALL, type RunPrefixPage } from './r2-prefixes.js';
export { PAYLOADS_AREA, runPayloadPrefix } from './offload.js';
export { createPayloadOffloader, type PayloadOffloader, type PayloadOffloaderOptions } from './offload.js';
export { swapBlobRefs } from './walk.js';
