import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { env } from 'cloudflare:test';
import { Kysely } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import { describe, expect, it } from 'vitest';
import { createD1Index, type IndexOp } from '../src/index.js';
import type { Database } from '../src/schema.js';
import { compileIndexOps, D1_MAX_BOUND_PARAMETERS } from '../src/write-ops.js';
import { hookRow, index, page, runRow, unique } from './fixtures.js';

const count = async (sql: string, ...params: unknown[]) =>
  (await env.DB.prepare(sql).bind(...params).first<{ n: number }>())?.n;

describe('apply', () => {
  it('writes every kind of op and the lookups find them', async () => {
    const idx = index();
    const runId = unique('wrun');
    const workflowName = unique('wf');
    const hook = hookRow(unique('hook'), runId);
    await idx.apply([
      { op: 'upsertRun', run: runRow(runId, { workflowName }) },
      { op: 'putStep', stepId: `${runId}_step`, runId },
      { op: 'putCorrelation', correlationId: `${runId}_corr`, runId },
      { op: 'upsertHook', hook },
    ]);
    expect(await idx.listRuns({ workflowName, page: page(10, 'asc') })).toEqual([runRow(runId, { workflowName })]);
    expect(await idx.findRunIdByStepId(`${runId}_step`)).toBe(runId);
    expect(await idx.findRunIdsByCorrelationId(`${runId}_corr`)).toEqual([runId]);
    expect(await idx.findRunIdByHookId(hook.hookId)).toBe(runId);
    expect(await idx.listHooks({ runId, page: page(10, 'asc') })).toEqual([hook]);

    await idx.apply([{ op: 'deleteHook', hookId: hook.hookId }]);
    expect(await idx.findRunIdByHookId(hook.hookId)).toBeNull();
    expect(await idx.findRunIdByStepId('step_nope')).toBeNull();
    expect(await idx.findRunIdsByCorrelationId('corr_nope')).toEqual([]);
  });

  it('keeps every run of a correlation id, oldest id first', async () => {
    const idx = index();
    const corr = unique('corr');
    await idx.apply([
      { op: 'putCorrelation', correlationId: corr, runId: 'wrun_B' },
      { op: 'putCorrelation', correlationId: corr, runId: 'wrun_A' },
    ]);
    expect(await idx.findRunIdsByCorrelationId(corr)).toEqual(['wrun_A', 'wrun_B']);
  });

  it('is idempotent: replaying the same ops leaves the same rows', async () => {
    const idx = index();
    const runId = unique('wrun');
    const hook = hookRow(unique('hook'), runId);
    const ops: IndexOp[] = [
      { op: 'upsertRun', run: runRow(runId, { version: 3, status: 'running' }) },
      { op: 'putStep', stepId: `${runId}_s`, runId },
      { op: 'putCorrelation', correlationId: `${runId}_c`, runId },
      { op: 'upsertHook', hook },
      { op: 'deleteHook', hookId: `${runId}_gone` },
      { op: 'releaseToken', token: 'tok_none', runId, hookId: hook.hookId },
    ];
    await idx.apply(ops);
    await idx.apply(ops);
    await Promise.all([idx.apply(ops), idx.apply(ops)]);
    expect(await count('SELECT count(*) AS n FROM wf_runs WHERE run_id = ?', runId)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM wf_step_runs WHERE run_id = ?', runId)).toBe(1);
    expect(await count('SELECT count(*) AS n FROM wf_correlations WHERE run_id = ?', runId)).toBe(1);
    expect(await idx.listHooks({ runId, page: page(10, 'asc') })).toEqual([hook]);
  });

  it('orders snapshots by version: an older or equal one never overwrites a newer one', async () => {
    const idx = index();
    const runId = unique('wrun');
    const workflowName = unique('wf');
    const v1 = runRow(runId, { workflowName, version: 1, status: 'pending', data: 'v1' });
    const v2 = runRow(runId, { workflowName, version: 2, status: 'running', updatedAt: 2_000, data: 'v2' });
    const v3 = runRow(runId, { workflowName, version: 3, status: 'completed', updatedAt: 3_000, data: 'v3' });
    const read = async () => (await idx.listRuns({ workflowName, page: page(10, 'asc') }))[0];

    await idx.apply([{ op: 'upsertRun', run: v2 }]);
    await idx.apply([{ op: 'upsertRun', run: v1 }]);
    expect(await read()).toEqual(v2);
    await idx.apply([{ op: 'upsertRun', run: { ...v2, data: 'same version, other data' } }]);
    expect(await read()).toEqual(v2);
    // Within one batch too (one multi-row statement): the newest wins whatever the order.
    await idx.apply([
      { op: 'upsertRun', run: v3 },
      { op: 'upsertRun', run: v1 },
    ]);
    expect(await read()).toEqual(v3);
    // createdAt is immutable: a later snapshot cannot move the run in the listing order.
    await idx.apply([{ op: 'upsertRun', run: { ...v3, version: 4, createdAt: 5 } }]);
    expect((await read())?.createdAt).toBe(1_000);
  });

  it('releaseRunTokens deletes every token and hook row of the run, and nothing of other runs', async () => {
    const idx = index();
    const runId = unique('wrun');
    const other = unique('wrun');
    const hooks = [hookRow(unique('hook'), runId), hookRow(unique('hook'), runId)];
    const kept = hookRow(unique('hook'), other);
    for (const h of [...hooks, kept]) {
      await idx.claimHookToken({ token: h.token, runId: h.runId, hookId: h.hookId, now: 1 });
    }
    await idx.apply([...hooks, kept].map((hook) => ({ op: 'upsertHook' as const, hook })));
    await idx.apply([{ op: 'releaseRunTokens', runId }]);
    for (const h of hooks) {
      expect(await idx.findHookByToken(h.token)).toBeNull();
      expect(await idx.findRunIdByHookId(h.hookId)).toBeNull();
    }
    expect(await idx.findHookByToken(kept.token)).toEqual({ runId: other, hookId: kept.hookId });
    expect(await idx.findRunIdByHookId(kept.hookId)).toBe(other);
  });

  it('purgeRun deletes the run row, its hooks, token claims, step and correlation lookups, and nothing of other runs', async () => {
    const idx = index();
    const runId = unique('wrun');
    const other = unique('wrun');
    const hook = hookRow(unique('hook'), runId);
    const kept = hookRow(unique('hook'), other);
    for (const h of [hook, kept]) await idx.claimHookToken({ token: h.token, runId: h.runId, hookId: h.hookId, now: 1 });
    const stepIds = Array.from({ length: 150 }, (_, i) => `${runId}_s${i}`);
    const shared = `${runId}_shared`; // one correlation id owned by both runs
    await idx.apply([
      { op: 'upsertRun', run: runRow(runId) },
      { op: 'upsertRun', run: runRow(other) },
      ...[hook, kept].map((h) => ({ op: 'upsertHook' as const, hook: h })),
      ...stepIds.map((stepId) => ({ op: 'putStep' as const, stepId, runId })),
      { op: 'putStep', stepId: `${other}_s`, runId: other },
      ...[...stepIds, shared].map((correlationId) => ({ op: 'putCorrelation' as const, correlationId, runId })),
      { op: 'putCorrelation', correlationId: shared, runId: other },
    ]);

    const purge: IndexOp = { op: 'purgeRun', runId, stepIds, correlationIds: [...stepIds, shared] };
    for (const q of compileIndexOps(new Kysely<Database>({ dialect: new D1Dialect({ database: env.DB }) }), [purge])) {
      expect(q.parameters.length).toBeLessThanOrEqual(D1_MAX_BOUND_PARAMETERS);
    }
    await idx.apply([purge]);
    await idx.apply([purge]); // idempotent: an outbox retry changes nothing

    for (const [table, column] of [['wf_runs', 'run_id'], ['wf_hooks', 'run_id'], ['wf_hook_tokens', 'run_id'], ['wf_step_runs', 'run_id'], ['wf_correlations', 'run_id']]) {
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`, runId)).toBe(0);
      expect(await count(`SELECT count(*) AS n FROM ${table} WHERE ${column} = ?`, other)).toBeGreaterThan(0);
    }
    expect(await idx.findRunIdsByCorrelationId(shared)).toEqual([other]);
    expect(await idx.findHookByToken(kept.token)).toEqual({ runId: other, hookId: kept.hookId });
  });

  it('applies batches that bind far more than 100 parameters, every statement within the limit', async () => {
    const idx = index();
    const runId = unique('wrun');
    const wf = unique('wf');
    const ops: IndexOp[] = [
      ...Array.from({ length: 60 }, (_, i) => ({ op: 'upsertRun' as const, run: runRow(`${runId}_${i}`, { workflowName: wf, createdAt: i }) })),
      ...Array.from({ length: 240 }, (_, i) => ({ op: 'putStep' as const, stepId: `${runId}_s${i}`, runId })),
      ...Array.from({ length: 130 }, (_, i) => ({ op: 'putCorrelation' as const, correlationId: `${runId}_c`, runId: `${runId}_${i}` })),
      ...Array.from({ length: 45 }, (_, i) => ({ op: 'upsertHook' as const, hook: hookRow(`${runId}_h${i}`, runId) })),
      ...Array.from({ length: 120 }, (_, i) => ({ op: 'deleteHook' as const, hookId: `${runId}_h${i * 2}` })),
    ];
    const compiled = compileIndexOps(new Kysely<Database>({ dialect: new D1Dialect({ database: env.DB }) }), ops);
    expect(compiled.length).toBeGreaterThan(5);
    for (const q of compiled) expect(q.parameters.length).toBeLessThanOrEqual(D1_MAX_BOUND_PARAMETERS);

    await idx.apply(ops);
    expect(await idx.listRuns({ workflowName: wf, page: page(1000, 'asc') })).toHaveLength(60);
    expect(await count('SELECT count(*) AS n FROM wf_step_runs WHERE run_id = ?', runId)).toBe(240);
    expect(await idx.findRunIdsByCorrelationId(`${runId}_c`)).toHaveLength(130);
    // Even-numbered hooks were deleted later in the same batch: op order is kept across statements.
    const hooks = await idx.listHooks({ runId, page: page(1000, 'asc') });
    expect(hooks.map((h) => h.hookId).sort()).toEqual(
      Array.from({ length: 45 }, (_, i) => `${runId}_h${i}`).filter((_, i) => i % 2 === 1).sort(),
    );
  });

  it('rejects a malformed op with INVALID_ARGUMENT and writes nothing of the batch', async () => {
    const idx = index();
    const runId = unique('wrun');
    const ops = [
      { op: 'putStep', stepId: `${runId}_s`, runId },
      { op: 'upsertRun', run: { ...runRow(runId), status: 'exploded' } },
    ] as unknown as IndexOp[];
    const err = await idx.apply(ops).catch((e: unknown) => e);
    expect(CloudflareWorldError.is(err) && err.code).toBe('INVALID_ARGUMENT');
    expect(await idx.findRunIdByStepId(`${runId}_s`)).toBeNull();
  });

  it('writes nothing of a batch when a statement fails in D1, and reports INDEX_UNAVAILABLE', async () => {
    // BARE_DB has no migrations: only wf_step_runs exists there, so the batch's second statement fails in D1.
    await env.BARE_DB.exec('CREATE TABLE IF NOT EXISTS wf_step_runs (step_id TEXT PRIMARY KEY, run_id TEXT NOT NULL)');
    const runId = unique('wrun');
    const idx = createD1Index(env.BARE_DB);
    const err = await idx.apply([{ op: 'putStep', stepId: `${runId}_s`, runId }, { op: 'upsertRun', run: runRow(runId) }]).catch((e: unknown) => e);
    expect(CloudflareWorldError.is(err) && err.code).toBe('INDEX_UNAVAILABLE');
    expect((err as Error).cause).toBeInstanceOf(Error);
    expect(await idx.findRunIdByStepId(`${runId}_s`)).toBeNull();
  });

  it('wraps read failures in INDEX_UNAVAILABLE', async () => {
    const idx = createD1Index(env.BARE_DB);
    for (const attempt of [
      () => idx.listRuns({ page: page(1, 'asc') }),
      () => idx.listHooks({ page: page(1, 'asc') }),
      () => idx.findHookByToken('t'),
      () => idx.findRunIdByHookId('h'),
      () => idx.findRunIdsByCorrelationId('c'),
      () => idx.claimHookToken({ token: 't', runId: 'r', hookId: 'h', now: 1 }),
    ]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(CloudflareWorldError.is(err) && err.code).toBe('INDEX_UNAVAILABLE');
    }
  });

  it('applies an empty list without touching D1', async () => {
    await expect(index().apply([])).resolves.toBeUndefined();
  });
});
