/**
 * @module
 * The run authority of workflow-world-cloudflare: `WorkflowRunObject` (one Durable Object per run, the
 * event log and entities in SQLite, the D1 index kept through a transactional outbox) and
 * `createDurableStorage`, the `@workflow/world` `Storage` built on it, and `createRunControls` (the operator's
 * pause flag).
 *
 * Layout: `object/` runs inside the run's Durable Object (its state in SQLite, the executor, alarms, the seed's
 * HTTP routes); `client/` runs in the Worker (the Storage, run queue, controls, orphan sweep); `protocol.ts` is
 * what the two exchange over RPC; the files at the root are rules both use (event validation and offload, the
 * in-isolate port, step invocations).
 */
export { WorkflowRunObject } from './object/workflow-run-object.js';
export type { WorkflowRunObjectEnv } from './env.js';
export { createDurableStorage } from './client/storage.js';
export { MAX_CANCEL_REASON_LENGTH } from './cancel-reason.js';
export { createOrphanSweeper, DEFAULT_SWEEP_GRACE_MS, type OrphanSweeper, type SweepOptions, type SweepResult } from './client/orphan-sweeper.js';
export type { DurableStorageOptions } from './client/storage/options.js';
export type { ErrorSealer } from './client/storage/sealed-errors.js';
export { createRunControls, type PauseState, type RetentionState, type RunControls } from './client/run-controls.js';
export { createRunQueue, type RunQueue, type RunQueueOptions } from './client/run-queue.js';
export { type HostContext, type RunExecutionHost, runExecutionHost, setRunExecutionHost } from './object/execution/host.js';
export type { ExecutionStats } from './object/execution/run-executor.js';
export type { EnqueueCall, EnqueueOutcome } from './enqueue-call.js';
export { installZeroDelayTimers } from './object/execution/zero-delay-timers.js';
export { inStepInvocation, noteStepBackground, type StepEnd, type StepOutcome, type StepStart, trackStepWrite, withStepEnd, withStepInvocation } from './step-invocation.js';
export { localRunExecutionContext } from './local-run.js';
export type { HttpErrorBody } from './object/http/errors.js';
export type { CreateEventCall, CreateEventOutcome, HookStamp, RpcError, RpcResult, RunInspection } from './protocol.js';
