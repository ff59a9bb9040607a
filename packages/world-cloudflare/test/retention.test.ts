/**
 * Retention: when a finished run expires, everything it owns goes — its object's rows, its D1 index rows, its
 * R2 payloads, its streams, its KV cache entries — and it answers as an unknown run; nothing brings it back.
 * Driven by the run object's alarm (fired here with `runDurableObjectAlarm`), resumable after a failure half-way.
 */
import { abortAllDurableObjects, env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createCloudflareWorld } from '../src/index.js';
import { enc } from './helpers.js';

/** Every payload above 16 bytes goes to R2, so the run owns R2 objects. */
const worldWith = (RUN_RETENTION: string) => createCloudflareWorld(env, { RUN_RETENTION, LARGE_DATA_THRESHOLD: 16 });
type TestWorld = ReturnType<typeof worldWith>;
const big = () => enc(`"${'x'.repeat(200)}"`);
const stubOf = (runId: string) => env.WORKFLOW_RUN.get(env.WORKFLOW_RUN.idFromName(runId));

/** A run with payloads in R2, a step, a hook (token in D1), a wait, a stream with a flushed segment. */
async function fullRun(world: TestWorld, finish = true) {
  const { run } = await world.events.create(null, {
    eventType: 'run_created',
    specVersion: 3,
    eventData: { deploymentId: 'dpl_test', workflowName: 'retained', input: big() },
  });
  const runId = run?.runId as string;
  const stepId = `step_${runId}`;
  const token = `tok_${runId}`;
  const stream = `strm_${runId}_user`;
  await world.events.create(runId, { eventType: 'run_started', specVersion: 3 });
  await world.events.create(runId, { eventType: 'step_created', specVersion: 3, correlationId: stepId, eventData: { stepName: 's', input: big() } });
  await world.events.create(runId, { eventType: 'step_started', specVersion: 3, correlationId: stepId });
  await world.events.create(runId, { eventType: 'step_completed', specVersion: 3, correlationId: stepId, eventData: { result: big() } });
  await world.events.create(runId, { eventType: 'hook_created', specVersion: 3, correlationId: `hook_${runId}`, eventData: { token, metadata: big() } });
  await world.events.create(runId, { eventType: 'wait_created', specVersion: 3, correlationId: `wait_${runId}`, eventData: { resumeAt: new Date(Date.now() + 3_600_000) } });
  await world.writeToStream(stream, runId, enc('chunk'));
  await world.closeStream(stream, runId);
  const streamStub = env.WORKFLOW_STREAM.get(env.WORKFLOW_STREAM.idFromName(stream));
  while (await runDurableObjectAlarm(streamStub)); // flush the segment to R2
  await world.steps.get(runId, stepId); // a terminal step: into the KV cache
  if (finish) {
    await world.events.create(runId, { eventType: 'run_completed', specVersion: 3, eventData: { output: big() } });
    await world.runs.get(runId); // a terminal run: into the KV cache
  }
  return { runId, stepId, token, stream };
}

/** Fires the run object's alarm until none is set (bounded). */
async function fireAlarms(runId: string): Promise<void> {
  for (let i = 0; i < 20; i++) if (!(await runDurableObjectAlarm(stubOf(runId)))) return;
  throw new Error('the alarm kept re-arming');
}

const keyCount = async (prefix: string) => (await env.BUCKET.list({ prefix })).objects.length;
const d1Count = async (table: string, runId: string) =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table} WHERE run_id = ?`).bind(runId).first<{ n: number }>())?.n ?? -1;
const D1_TABLES = ['wf_runs', 'wf_hooks', 'wf_hook_tokens', 'wf_step_runs', 'wf_correlations'];

/** Rows of every table of the run's object, by table (the platform's own `_cf_` tables aside). */
function objectRows(runId: string): Promise<Record<string, number>> {
  return runInDurableObject(stubOf(runId), (_instance, state) => {
    const tables = state.storage.sql
      .exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '\\_cf\\_%' ESCAPE '\\' AND name NOT LIKE 'sqlite%'")
      .toArray()
      .map((r) => String(r.name));
    return Object.fromEntries(tables.map((t) => [t, Number(state.storage.sql.exec(`SELECT count(*) AS n FROM ${t}`).one().n)]));
  });
}

const metaOf = (runId: string) =>
  runInDurableObject(stubOf(runId), (_instance, state) =>
    Object.fromEntries(state.storage.sql.exec('SELECT key, value FROM wf_meta').toArray().map((r) => [String(r.key), String(r.value)])),
  );

describe('retention', () => {
  it('an expired run leaves nothing in its object, D1, R2 or KV, and answers as an unknown run', { timeout: 60_000 }, async () => {
    const world = worldWith('0'); // delete on finish
    const { runId, stepId, token, stream } = await fullRun(world);
    const before = {
      payloads: await keyCount(`payloads/${runId}/`),
      segments: await keyCount(`streams/segments/${encodeURIComponent(stream)}/`),
      d1: await Promise.all(D1_TABLES.map((t) => d1Count(t, runId))),
      cached: await env.CACHE.get(`wwc:v1:run:${runId}`),
    };
    expect(before.payloads).toBeGreaterThanOrEqual(4); // input, step input and result, hook metadata, output
    expect(before.segments).toBe(1);
    expect(before.d1[0]).toBe(1); // the run row (hooks and tokens were released when it ended)
    expect(before.cached).not.toBeNull();

    await fireAlarms(runId);

    const rows = await objectRows(runId);
    for (const [table, n] of Object.entries(rows)) {
      // Left: the schema version, the retention record (the tombstone), and the inbox's shard name.
      if (table === 'wf_meta' || table === 'wf_queue_meta') continue;
      expect({ table, n }).toEqual({ table, n: 0 });
    }
    const meta = await metaOf(runId);
    expect(meta).toMatchObject({ expiry_stage: 'purged' });
    expect(Object.keys(meta).sort()).toEqual(['expires_at', 'expiry_stage', 'schema_version']);
    for (const table of D1_TABLES) expect({ table, n: await d1Count(table, runId) }).toEqual({ table, n: 0 });
    expect(await keyCount(`payloads/${runId}/`)).toBe(0);
    expect(await keyCount(`streams/segments/${encodeURIComponent(stream)}/`)).toBe(0);
    expect(await keyCount(`streams/by-run/${encodeURIComponent(runId)}/`)).toBe(0);
    expect(await env.CACHE.get(`wwc:v1:run:${runId}`)).toBeNull();
    expect(await env.CACHE.get(`wwc:v1:step:${stepId}`)).toBeNull();

    await expect(world.runs.get(runId)).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
    expect((await world.events.list({ runId })).data).toEqual([]);
    expect((await world.steps.list({ runId })).data).toEqual([]);
    await expect(world.hooks.getByToken(token)).rejects.toMatchObject({ name: 'HookNotFoundError' });
    expect(await world.listStreamsByRunId(runId)).toEqual([]);
    // Nothing brings it back: not a redelivered start carrying its creation data, not a late hook.
    await expect(
      world.events.create(runId, {
        eventType: 'run_started',
        specVersion: 3,
        eventData: { deploymentId: 'dpl_test', workflowName: 'retained', input: enc('[]') },
      }),
    ).rejects.toMatchObject({ name: 'RunExpiredError' });
    await expect(
      world.events.create(runId, { eventType: 'hook_received', specVersion: 3, correlationId: `hook_${runId}`, eventData: { payload: enc('1') } }),
    ).rejects.toMatchObject({ name: 'RunExpiredError' });
    expect((await objectRows(runId)).wf_events).toBe(0);
  });

  it('a failure half-way (D1 down) leaves the run deleted for callers, and the next alarm finishes the job', { timeout: 60_000 }, async () => {
    const world = worldWith('0');
    const { runId } = await fullRun(world);
    // A real D1 failure: the purge's batch names a table that is not there until the test puts it back.
    await env.DB.exec('ALTER TABLE wf_hook_tokens RENAME TO wf_hook_tokens_away');
    try {
      expect(await runDurableObjectAlarm(stubOf(runId))).toBe(true);
    } finally {
      await env.DB.exec('ALTER TABLE wf_hook_tokens_away RENAME TO wf_hook_tokens');
    }

    expect(await metaOf(runId)).toMatchObject({ expiry_stage: 'purging', purge_attempts: '1' });
    expect((await objectRows(runId)).wf_run).toBe(0);
    await expect(world.runs.get(runId)).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
    expect(await d1Count('wf_runs', runId)).toBe(1); // not yet
    const armed = await runInDurableObject(stubOf(runId), (_i, state) => state.storage.getAlarm());
    expect(armed).not.toBeNull(); // the retry

    await abortAllDurableObjects(); // the object restarts (with a working D1) and resumes
    await fireAlarms(runId);
    expect(await metaOf(runId)).toMatchObject({ expiry_stage: 'purged' });
    for (const table of D1_TABLES) expect(await d1Count(table, runId)).toBe(0);
    expect(await keyCount(`payloads/${runId}/`)).toBe(0);
  });

  it('RUN_RETENTION=forever keeps a finished run whole', { timeout: 60_000 }, async () => {
    const world = worldWith('forever');
    const { runId, stream } = await fullRun(world);
    await fireAlarms(runId);
    expect(await metaOf(runId)).toMatchObject({ expiry_stage: 'kept' });
    expect((await world.runs.get(runId)).status).toBe('completed');
    expect((await world.events.list({ runId })).data.length).toBeGreaterThan(5);
    expect(await keyCount(`payloads/${runId}/`)).toBeGreaterThanOrEqual(4);
    expect(await world.listStreamsByRunId(runId)).toEqual([stream]);
    expect(await d1Count('wf_runs', runId)).toBe(1);
  });

  it('a run whose retention has not passed is untouched by an early alarm, which re-arms for its expiry', { timeout: 60_000 }, async () => {
    const world = worldWith('7d');
    const { runId } = await fullRun(world);
    const completedAt = (await world.runs.get(runId)).completedAt?.getTime() as number;
    expect(await runDurableObjectAlarm(stubOf(runId))).toBe(true); // fired early
    expect(await metaOf(runId)).toMatchObject({ expiry_stage: 'scheduled', expires_at: String(completedAt + 7 * 86_400_000) });
    expect(await runInDurableObject(stubOf(runId), (_i, state) => state.storage.getAlarm())).toBe(completedAt + 7 * 86_400_000);
    expect((await world.runs.get(runId)).status).toBe('completed');
    expect(await keyCount(`payloads/${runId}/`)).toBeGreaterThanOrEqual(4);
  });

  it('control.setRetention: per-run retention — 0 deletes a finished run now, forever keeps it, bad values refused', { timeout: 60_000 }, async () => {
    const world = worldWith('7d');
    const doomed = (await fullRun(world)).runId;
    expect(await world.control.setRetention(doomed, 0)).toMatchObject({ override: 0, stage: 'scheduled' });
    await fireAlarms(doomed);
    expect(await metaOf(doomed)).toMatchObject({ expiry_stage: 'purged' });
    await expect(world.control.setRetention(doomed, 'forever')).rejects.toMatchObject({ name: 'RunExpiredError' });

    // Set while the run is live: applies when it ends, over the World's RUN_RETENTION (here 0).
    const held = (await fullRun(worldWith('0'), false)).runId;
    expect(await world.control.setRetention(held, 'forever')).toEqual({ override: null });
    await worldWith('0').events.create(held, { eventType: 'run_completed', specVersion: 3, eventData: { output: big() } });
    await fireAlarms(held);
    expect(await metaOf(held)).toMatchObject({ expiry_stage: 'kept' });
    expect((await world.runs.get(held)).status).toBe('completed');

    await expect(world.control.setRetention('wrun_01KAAAAAAAAAAAAAAAAAAAAAAC', '1d')).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
    for (const bad of ['1w', '-1d', 'soon', 1.5]) {
      await expect(world.control.setRetention(held, bad)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });
});
