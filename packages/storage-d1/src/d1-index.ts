/** The D1 implementation of {@link WorkflowIndex}. */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { type CompiledQuery, Kysely } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import { parseIndexOps } from './index-op-schema.js';
import { selectHooks, selectRuns } from './queries.js';
import { toHookIndexRow, toRunIndexRow, toTokenOwner } from './rows.js';
import type { Database } from './schema.js';
import type { WorkflowIndex } from './types.js';
import { compileIndexOps } from './write-ops.js';

/** Runs `fn`, turning any D1 failure into `INDEX_UNAVAILABLE`; our own errors pass through unchanged. */
async function guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (cause) {
    if (CloudflareWorldError.is(cause)) throw cause;
    const reason = cause instanceof Error ? cause.message : String(cause);
    throw new CloudflareWorldError('INDEX_UNAVAILABLE', `D1 index ${what} failed: ${reason}`, { cause });
  }
}

/**
 * The D1-backed {@link WorkflowIndex}. Reads go through Kysely with kysely-d1; writes are compiled by Kysely
 * and sent as one `DB.batch`, D1's only atomic multi-statement unit (it has no interactive transactions).
 *
 * @example
 * ```ts
 * const index = createD1Index(env.DB);
 * await index.apply([{ op: 'putStep', stepId, runId }]);
 * const owner = await index.claimHookToken({ token, runId, hookId, now: Date.now() });
 * ```
 */
export function createD1Index(db: D1Database): WorkflowIndex {
  const k = new Kysely<Database>({ dialect: new D1Dialect({ database: db }) });
  const prepare = (q: CompiledQuery) => db.prepare(q.sql).bind(...q.parameters);

  return {
    async apply(ops, options) {
      const statements = compileIndexOps(k, options?.trusted ? ops : parseIndexOps(ops));
      if (statements.length === 0) return;
      await guard('apply', () => db.batch(statements.map(prepare)));
    },

    async claimHookToken(c) {
      const claim = k
        .insertInto('wf_hook_tokens')
        .values({ token: c.token, run_id: c.runId, hook_id: c.hookId, created_at: c.now })
        .onConflict((oc) => oc.column('token').doNothing())
        .compile();
      const owner = k.selectFrom('wf_hook_tokens').select(['run_id', 'hook_id']).where('token', '=', c.token).compile();
      // One batch is one transaction: the SELECT sees the row that won, whoever inserted it.
      const [, selected] = await guard('claimHookToken', () => db.batch([prepare(claim), prepare(owner)]));
      const row = selected?.results[0];
      if (row === undefined) {
        throw new CloudflareWorldError('INDEX_UNAVAILABLE', `D1 index claimHookToken: no owner for token after claim`);
      }
      return toTokenOwner(row);
    },

    async listRuns(q) {
      const rows = await guard('listRuns', () => selectRuns(k, q).execute());
      return rows.map(toRunIndexRow);
    },

    async listHooks(q) {
      const rows = await guard('listHooks', () => selectHooks(k, q).execute());
      return rows.map(toHookIndexRow);
    },

    async findRunIdByStepId(stepId) {
      const row = await guard('findRunIdByStepId', () =>
        k.selectFrom('wf_step_runs').select('run_id').where('step_id', '=', stepId).executeTakeFirst(),
      );
      return row?.run_id ?? null;
    },

    async findRunIdsByCorrelationId(correlationId) {
      const rows = await guard('findRunIdsByCorrelationId', () =>
        k
          .selectFrom('wf_correlations')
          .select('run_id')
          .where('correlation_id', '=', correlationId)
          .orderBy('run_id')
          .execute(),
      );
      return rows.map((r) => r.run_id);
    },

    async findHookByToken(token) {
      const row = await guard('findHookByToken', () =>
        k.selectFrom('wf_hook_tokens').select(['run_id', 'hook_id']).where('token', '=', token).executeTakeFirst(),
      );
      return row === undefined ? null : toTokenOwner(row);
    },

    async findRunIdByHookId(hookId) {
      const row = await guard('findRunIdByHookId', () =>
        k.selectFrom('wf_hooks').select('run_id').where('hook_id', '=', hookId).executeTakeFirst(),
      );
      return row?.run_id ?? null;
    },
  };
}
