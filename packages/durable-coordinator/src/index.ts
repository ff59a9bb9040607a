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
export { MAX_CANCEL_REASON_LENGTH } from './cancel-reason.js';
export { createOrphanSweeper, DEFAULT_SWEEP_GRACE_MS, type OrphanSweeper, type SweepOptions, type SweepResult } from './orphan-sweeper.js';
export type { DurableStorageOptions } from './storage/options.js';
export type { ErrorSealer } from './storage/sealed-errors.js';
export { createRunControls, type PauseState, type RetentionState, type RunControls, type RunInspection } from './run-controls.js';
export { createRunQueue, type RunQueue, type RunQueueOptions } from './run-queue.js';
export { type HostContext, type RunExecutionHost, runExecutionHost, setRunExecutionHost } from './execution/host.js';
export type { ExecutionStats } from './execution/run-executor.js';
export type { EnqueueCall, EnqueueOutcome } from './execution/enqueue-call.js';
export { installZeroDelayTimers } from './execution/zero-delay-timers.js';
export { inStepInvocation, noteStepBackground, trackStepWrite, withStepInvocation } from './execution/step-invocation.js';
export { localRunExecutionContext } from './execution/local-run.js';
export type { HttpErrorBody } from './http/errors.js';
export type { CreateEventCall, CreateEventOutcome, HookStamp, RpcError, RpcResult } from './rpc.js';
