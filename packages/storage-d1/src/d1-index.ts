import type { WorkflowIndex } from './types.js';

/**
 * The D1-backed {@link WorkflowIndex}.
 *
 * @example
 * ```ts
 * const index = createD1Index(env.DB);
 * const owner = await index.claimHookToken({ token, runId, hookId, now: Date.now() });
 * ```
 */
export function createD1Index(db: D1Database): WorkflowIndex {
  void db;
  throw new Error('createD1Index: not implemented yet');
}
