/**
 * @module
 * The run authority of workflow-world-cloudflare: `WorkflowRunObject` (one Durable Object per run, the
 * event log and entities in SQLite, the D1 index kept through a transactional outbox) and
 * `createDurableStorage`, the `@workflow/world` `Storage` built on it, and `createRunControls` (the operator's
 * pause flag).
 */
export { WorkflowRunObject } from './workflow-run-object.js';
export type { WorkflowRunObjectEnv } from './env.js';
export { createDurableStorage } from './storage.js';
export type { DurableStorageOptions } from './storage/options.js';
export { createRunControls, type PauseState, type RunControls } from './run-controls.js';
export type { HttpErrorBody } from './http/errors.js';
export type { CreateEventCall, CreateEventOutcome, HookStamp, RpcError, RpcResult } from './rpc.js';
