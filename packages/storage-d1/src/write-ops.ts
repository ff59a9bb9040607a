/**
 * Compiles `IndexOp[]` into the statements of one `DB.batch`. Runs of adjacent ops of the same kind become
 * multi-row statements, chunked so that no statement binds more than D1's 100 parameters. Every statement
 * is idempotent, so a replayed batch leaves the index as it was.
 */
import type { CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';
import type { HookIndexRow, IndexOp, RunIndexRow } from './types.js';

/** D1 rejects a statement with more bound parameters than this ("too many SQL variables"). */
export const D1_MAX_BOUND_PARAMETERS = 100;

type Op<K extends IndexOp['op']> = Extract<IndexOp, { op: K }>;

/** Splits `items` so that each chunk times `paramsPerItem`, plus `fixed` other parameters, stays within the D1 limit. */
function chunk<T>(items: readonly T[], paramsPerItem: number, fixed = 0): T[][] {
  const size = Math.floor((D1_MAX_BOUND_PARAMETERS - fixed) / paramsPerItem);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Groups adjacent ops of the same kind, keeping the order of the whole list. */
function groupAdjacent(ops: readonly IndexOp[]): IndexOp[][] {
  const groups: IndexOp[][] = [];
  for (const op of ops) {
    const last = groups[groups.length - 1];
    if (last?.[0]?.op === op.op) last.push(op);
    else groups.push([op]);
  }
  return groups;
}

function upsertRuns(k: Kysely<Database>, runs: RunIndexRow[]): CompiledQuery {
  return k
    .insertInto('wf_runs')
    .values(
      runs.map((r) => ({
        run_id: r.runId,
        workflow_name: r.workflowName,
        status: r.status,
        deployment_id: r.deploymentId,
        created_at: r.createdAt,
        updated_at: r.updatedAt,
        version: r.version,
        data: r.data,
      })),
    )
    .onConflict((oc) =>
      oc
        .column('run_id')
        .doUpdateSet((eb) => ({
          workflow_name: eb.ref('excluded.workflow_name'),
          status: eb.ref('excluded.status'),
          deployment_id: eb.ref('excluded.deployment_id'),
          updated_at: eb.ref('excluded.updated_at'),
          version: eb.ref('excluded.version'),
          data: eb.ref('excluded.data'),
        }))
        // Only a newer snapshot wins: outbox retries may deliver an old one after a new one.
        .where((eb) => eb('excluded.version', '>', eb.ref('wf_runs.version'))),
    )
    .compile();
}

function upsertHooks(k: Kysely<Database>, hooks: HookIndexRow[]): CompiledQuery {
  return k
    .insertInto('wf_hooks')
    .values(
      hooks.map((h) => ({ hook_id: h.hookId, run_id: h.runId, token: h.token, created_at: h.createdAt, data: h.data })),
    )
    .onConflict((oc) =>
      oc.column('hook_id').doUpdateSet((eb) => ({
        run_id: eb.ref('excluded.run_id'),
        token: eb.ref('excluded.token'),
        data: eb.ref('excluded.data'),
      })),
    )
    .compile();
}

function compileGroup(k: Kysely<Database>, group: IndexOp[]): CompiledQuery[] {
  switch (group[0]?.op) {
    case undefined:
      return [];
    case 'upsertRun':
      return chunk((group as Op<'upsertRun'>[]).map((o) => o.run), 8).map((runs) => upsertRuns(k, runs));
    case 'upsertHook':
      return chunk((group as Op<'upsertHook'>[]).map((o) => o.hook), 5).map((hooks) => upsertHooks(k, hooks));
    case 'putStep':
      return chunk(group as Op<'putStep'>[], 2).map((steps) =>
        k
          .insertInto('wf_step_runs')
          .values(steps.map((s) => ({ step_id: s.stepId, run_id: s.runId })))
          .onConflict((oc) => oc.column('step_id').doNothing())
          .compile(),
      );
    case 'putCorrelation':
      return chunk(group as Op<'putCorrelation'>[], 2).map((pairs) =>
        k
          .insertInto('wf_correlations')
          .values(pairs.map((p) => ({ correlation_id: p.correlationId, run_id: p.runId })))
          .onConflict((oc) => oc.columns(['correlation_id', 'run_id']).doNothing())
          .compile(),
      );
    case 'deleteHook':
      return chunk(group as Op<'deleteHook'>[], 1).map((hooks) =>
        k
          .deleteFrom('wf_hooks')
          .where(
            'hook_id',
            'in',
            hooks.map((h) => h.hookId),
          )
          .compile(),
      );
    case 'releaseToken':
      return (group as Op<'releaseToken'>[]).map((t) =>
        k
          .deleteFrom('wf_hook_tokens')
          // Only the holder's claim: a token re-claimed by another hook since must survive a stale release.
          .where('token', '=', t.token)
          .where('run_id', '=', t.runId)
          .where('hook_id', '=', t.hookId)
          .compile(),
      );
    case 'releaseRunTokens':
      return (group as Op<'releaseRunTokens'>[]).flatMap((r) => [
        k.deleteFrom('wf_hook_tokens').where('run_id', '=', r.runId).compile(),
        k.deleteFrom('wf_hooks').where('run_id', '=', r.runId).compile(),
      ]);
    case 'purgeRun':
      return (group as Op<'purgeRun'>[]).flatMap((r) => [
        k.deleteFrom('wf_runs').where('run_id', '=', r.runId).compile(),
        k.deleteFrom('wf_hooks').where('run_id', '=', r.runId).compile(),
        k.deleteFrom('wf_hook_tokens').where('run_id', '=', r.runId).compile(),
        ...chunk(r.stepIds, 1, 1).map((ids) =>
          k.deleteFrom('wf_step_runs').where('run_id', '=', r.runId).where('step_id', 'in', ids).compile(),
        ),
        ...chunk(r.correlationIds, 1, 1).map((ids) =>
          k.deleteFrom('wf_correlations').where('run_id', '=', r.runId).where('correlation_id', 'in', ids).compile(),
        ),
      ]);
  }
}

/** The statements, in op order, that apply `ops`; each binds at most {@link D1_MAX_BOUND_PARAMETERS}. */
export function compileIndexOps(k: Kysely<Database>, ops: readonly IndexOp[]): CompiledQuery[] {
  return groupAdjacent(ops).flatMap((group) => compileGroup(k, group));
}
