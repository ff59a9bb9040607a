/**
 * @module
 * The cross-run index of workflow-world-cloudflare on Cloudflare D1: runs by workflow name / status / time,
 * hooks across runs, step / correlation / hook id → run id, and the atomic hook-token registry. Migrations
 * ship under `@workflow-world-cloudflare/storage-d1/migrations/*`.
 */
export { createD1Index } from './d1-index.js';
export type { Database } from './schema.js';
export type {
  ClaimHookTokenRequest,
  HookIndexRow,
  IndexOp,
  ListHooksQuery,
  ListRunsQuery,
  RunIndexRow,
  TokenOwner,
  WorkflowIndex,
} from './types.js';
