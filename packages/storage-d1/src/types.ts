/**
 * The index's public shapes: the rows it keeps, the write ops the run object queues in its outbox, and the
 * `WorkflowIndex` contract. The run object is the authority; these rows are a cross-run view of it.
 */
import type { PageRequest } from '@workflow-world-cloudflare/core';
import type { WorkflowRunStatus } from '@workflow/world';

/** One run as the index sees it. `data` is `encodeValue(run entity)` with payloads already offloaded (refs). */
export interface RunIndexRow {
  runId: string;
  workflowName: string;
  status: WorkflowRunStatus;
  deploymentId: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  /** Milliseconds since the epoch. */
  updatedAt: number;
  /** The run's event sequence number when this snapshot was taken; an older version never overwrites a newer one. */
  version: number;
  data: string;
}

/** One hook as the index sees it. `data` is `encodeValue(hook entity)` with payloads already offloaded. */
export interface HookIndexRow {
  hookId: string;
  runId: string;
  token: string;
  /** Milliseconds since the epoch. */
  createdAt: number;
  data: string;
}

/** One idempotent index write, as queued by the run object's outbox. */
export type IndexOp =
  /** Ignored when an equal or newer `version` of the run is stored. */
  | { op: 'upsertRun'; run: RunIndexRow }
  | { op: 'putStep'; stepId: string; runId: string }
  | { op: 'putCorrelation'; correlationId: string; runId: string }
  | { op: 'upsertHook'; hook: HookIndexRow }
  | { op: 'deleteHook'; hookId: string }
  /** Deletes the token's claim only while it is still held by this (runId, hookId). */
  | { op: 'releaseToken'; token: string; runId: string; hookId: string }
  /** Deletes every token claim and hook row held by the run. */
  | { op: 'releaseRunTokens'; runId: string }
  /**
   * Deletes everything the index holds of an expired run: its run row, hooks, token claims, and the step and
   * correlation lookups named here (those tables are keyed by step / correlation id; the run object lists them).
   */
  | { op: 'purgeRun'; runId: string; stepIds: string[]; correlationIds: string[] };

/** The owner of a hook token. */
export interface TokenOwner {
  runId: string;
  hookId: string;
}

export interface ClaimHookTokenRequest {
  token: string;
  runId: string;
  hookId: string;
  /** Claim time, milliseconds since the epoch. */
  now: number;
}

export interface ListRunsQuery {
  workflowName?: string;
  status?: WorkflowRunStatus;
  page: PageRequest;
}

export interface ListHooksQuery {
  /** Only this run's hooks (`hooks.list({ runId })`). */
  runId?: string;
  page: PageRequest;
}

/**
 * The cross-run index on D1. Every method throws `CloudflareWorldError('INDEX_UNAVAILABLE')` when D1 fails.
 */
export interface WorkflowIndex {
  /**
   * Applies `ops` in order as one atomic `DB.batch`; idempotent, so replaying the same ops is harmless. Ops are
   * checked with zod first (`INVALID_ARGUMENT`, nothing written) unless `trusted`: the run object's outbox
   * replays ops it built itself, on every step, and skips that check.
   */
  apply(ops: IndexOp[], options?: { trusted?: boolean }): Promise<void>;
  /**
   * Atomically claims `token` for (runId, hookId) unless someone holds it, and returns the owner after the
   * claim. A claim already held by the same (runId, hookId) is returned as theirs (retries are idempotent).
   */
  claimHookToken(claim: ClaimHookTokenRequest): Promise<TokenOwner>;
  /** Up to `page.limit + 1` runs (for core's `toPage`), keyset on (createdAt, runId), exclusive of `page.after`. */
  listRuns(query: ListRunsQuery): Promise<RunIndexRow[]>;
  /** Up to `page.limit + 1` hooks, keyset on (createdAt, hookId), exclusive of `page.after`. */
  listHooks(query: ListHooksQuery): Promise<HookIndexRow[]>;
  findRunIdByStepId(stepId: string): Promise<string | null>;
  /** Every run recorded under `correlationId`, oldest first (by run id). */
  findRunIdsByCorrelationId(correlationId: string): Promise<string[]>;
  findHookByToken(token: string): Promise<TokenOwner | null>;
  findRunIdByHookId(hookId: string): Promise<string | null>;
}
