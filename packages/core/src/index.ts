/**
 * @module
 * Shared foundation of workflow-world-cloudflare: configuration, ids, the stored-value codec, pagination
 * rules and our error type. Every other package builds on these; nothing here touches a binding.
 */
export { BINDING_KINDS, type BindingKind, isBinding } from './bindings.js';
export type { WorldVars } from './env.js';
export {
  MAX_INLINE_THRESHOLD,
  MAX_RETENTION_MS,
  RetentionSchema,
  parseWorldConfig,
  WORLD_CONFIG_KEYS,
  type WorldConfig,
  type WorldConfigInput,
  type WorldConfigKey,
  WorldConfigSchema,
} from './config.js';
export { readCacheKey } from './cache-keys.js';
export { httpStatusOf } from './http-status.js';
export { fromRpcError, type RpcError, type RpcResult, toRpcError, toRpcResult, unwrapRpc } from './rpc-result.js';
export { zodProblems } from './zod-problems.js';
export { CloudflareWorldError, type CloudflareWorldErrorCode } from './errors.js';
export {
  type BlobId,
  type EventId,
  ID_PREFIX,
  type MessageId,
  newBlobId,
  newEventId,
  newMessageId,
  newRunId,
  type RunId,
  type StreamId,
  timeOfId,
  ulid,
} from './ids.js';
export {
  base64ToBytes,
  type BlobRef,
  bytesToBase64,
  decodeValue,
  encodeValue,
  fromTagged,
  isBlobRef,
  payloadByteLength,
  toTagged,
} from './codec.js';
export { type BoundQuery, type CompilableQuery, prepare } from './prepared-sql.js';
export {
  compileOnlyKysely,
  ensureObjectSchema,
  type ObjectSchema,
  runWrite,
  selectAll,
  selectFirst,
  type SqlExec,
  type SqlStatement,
  tableExists,
} from './object-sql.js';
export { type AlarmSchedule, type AlarmStorage, createAlarmSchedule } from './object-alarm.js';
export {
  type CursorPosition,
  decodeCursor,
  decodeOpaqueCursor,
  encodeCursor,
  encodeOpaqueCursor,
  MAX_PAGE_LIMIT,
  PAGE_DEFAULTS,
  type PageKind,
  type PageRequest,
  type PaginationInput,
  resolvePage,
  toPage,
} from './pagination.js';
export { keysetPage } from './keyset-page.js';
