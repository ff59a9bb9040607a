/**
 * @module
 * `@workflow-world-cloudflare/streamer-r2`: the DevKit `Streamer` on Cloudflare. One `WorkflowStreamObject`
 * (binding `WORKFLOW_STREAM`) per stream orders chunks and pushes them to live readers; chunk data ends in
 * R2 (`BUCKET`) as segment objects, and `streams/by-run/<runId>/` markers answer `listStreamsByRunId`.
 */
export { createR2Streamer, type R2StreamerOptions } from './client/streamer.js';
export { type PurgeRunStreamsOptions, purgeRunStreams } from './client/purge.js';
export { RUN_REGISTRY_AREA, runMarkerPrefix } from './keys.js';
export { type StreamObjectEnv, WorkflowStreamObject } from './object/workflow-stream-object.js';
export type { StreamState } from './protocol.js';
export { DEFAULT_MAX_CHUNK_BYTES, INLINE_CHUNK_MAX_BYTES, MAX_NAME_LENGTH } from './limits.js';
