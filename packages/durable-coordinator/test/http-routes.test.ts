/// <reference types="@cloudflare/vitest-plugin/types" />
/**
 * The original README's Durable Object HTTP routes: every route, its error statuses, and that the World's
 * RPC reads (`createDurableStorage`, and the D1 index behind `runs.list` / `steps.get(undefined, …)`) see
 * exactly what the routes wrote.
 */
import { env } from 'cloudflare:test';
import { fromTagged } from '@workflow-world-cloudflare/core';
import { enc, freshRunId, SPEC, unique } from '@workflow-world-cloudflare/core/testing';
import type { Event, Hook, Step, WorkflowRun } from '@workflow/world';
import { describe, expect, it } from 'vitest';
import { createRunControls } from '../src/index.js';
import { createTestStorage, runStubOf } from './helpers.js';

type Stub = ReturnType<typeof runStubOf>;

interface Answer {
  status: number;
  body: Record<string, unknown> & { error?: { name: string; message: string; code?: string } };
}

async function call(stub: Stub, path: string, body?: unknown, raw?: string): Promise<Answer> {
  const init: RequestInit = body === undefined && raw === undefined ? {} : { method: 'POST', body: raw ?? JSON.stringify(body) };
  const res = await stub.fetch(`https://do${path}`, init);
  return { status: res.status, body: fromTagged(await res.json()) as Answer['body'] };
}

/** A fresh run's object and id, initialized through the route. */
async function initialized(input: unknown = { hello: 'world' }, workflowName = unique('http')) {
  const runId = freshRunId();
  const stub = runStubOf(runId);
  const res = await call(stub, '/initialize', { runId, workflowName, deploymentId: 'dpl_http', input });
  expect(res.status).toBe(201);
  return { runId, stub, workflowName, run: res.body.run as WorkflowRun };
}

const json = (value: unknown) => enc(JSON.stringify(value));

describe('POST /initialize', () => {
  it('creates the run (run_created, input as UTF-8 JSON bytes); RPC reads and the D1 index see it', async () => {
    const { runId, workflowName, run } = await initialized({ hello: 'world' });
    expect(run).toMatchObject({ runId, workflowName, deploymentId: 'dpl_http', status: 'pending', specVersion: SPEC });
    const storage = createTestStorage();
    const viaRpc = await storage.runs.get(runId);
    expect(viaRpc).toEqual(run);
    expect(viaRpc.input).toEqual(json({ hello: 'world' }));
    expect((await storage.runs.list({ workflowName })).data.map((r) => r.runId)).toEqual([runId]);
    expect((await storage.events.list({ runId })).data.map((e) => e.eventType)).toEqual(['run_created']);
  });

  it('is idempotent for the same runId (200, the current run, one event), also when 5 race', async () => {
    const runId = freshRunId();
    const stub = runStubOf(runId);
    const body = { runId, workflowName: 'race' };
    const answers = await Promise.all(Array.from({ length: 5 }, () => call(stub, '/initialize', body)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(answers.map((a) => (a.body.run as WorkflowRun).createdAt.getTime())).size).toBe(1);
    await call(stub, '/status', { status: 'running' });
    const again = await call(stub, '/initialize', body);
    expect(again.status).toBe(200);
    expect((again.body.run as WorkflowRun).status).toBe('running');
    expect((await createTestStorage().events.list({ runId })).data.map((e) => e.eventType)).toEqual(['run_created', 'run_started']);
  });

  it('defaults deploymentId to DEPLOYMENT_ID (dpl_cloudflare) and stores no input when none is given', async () => {
    const runId = freshRunId();
    const res = await call(runStubOf(runId), '/initialize', { runId, workflowName: 'w' });
    expect(res.status).toBe(201);
    expect(res.body.run).toMatchObject({ deploymentId: 'dpl_cloudflare' });
    expect((res.body.run as WorkflowRun).input).toBeUndefined();
  });

  it('bad bodies are 400 and write nothing', async () => {
    const runId = freshRunId();
    const stub = runStubOf(runId);
    const bad: [unknown, string | undefined][] = [
      [undefined, '{not json'],
      [{ runId }, undefined],
      [{ runId, workflowName: 'w', extra: 1 }, undefined],
      [{ runId, workflowName: 'w', input: undefined, deploymentId: '' }, undefined],
    ];
    for (const [body, raw] of bad) {
      const res = await call(stub, '/initialize', body, raw);
      expect(res.status).toBe(400);
      expect(res.body.error).toMatchObject({ name: 'CloudflareWorldError', code: 'INVALID_ARGUMENT' });
    }
    // A run id that is not a recent ULID: refused by the same check as events.create (WorkflowWorldError 400).
    const stale = 'wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV';
    const old = await call(runStubOf(stale), '/initialize', { runId: stale, workflowName: 'w' });
    expect(old.status).toBe(400);
    expect(old.body.error?.name).toBe('WorkflowWorldError');
    // The body must name the run the object was addressed by.
    const other = await call(stub, '/initialize', { runId: freshRunId(), workflowName: 'w' });
    expect(other).toMatchObject({ status: 400, body: { error: { code: 'INVALID_ARGUMENT' } } });
    expect((await call(stub, '/state')).status).toBe(404);
    expect((await call(runStubOf(stale), '/state')).status).toBe(404);
  });

  it('an object not addressed by name that already holds another run answers 409', async () => {
    const stub = env.WORKFLOW_RUN.get(env.WORKFLOW_RUN.newUniqueId());
    const first = freshRunId();
    expect((await call(stub, '/initialize', { runId: first, workflowName: 'w' })).status).toBe(201);
    const second = await call(stub, '/initialize', { runId: freshRunId(), workflowName: 'w' });
    expect(second.status).toBe(409);
    expect(second.body.error?.name).toBe('EntityConflictError');
  });

  it('a payload above LARGE_DATA_THRESHOLD is 413 PAYLOAD_TOO_LARGE, nothing written; an oversized body too', async () => {
    const runId = freshRunId();
    const stub = runStubOf(runId);
    const big = await call(stub, '/initialize', { runId, workflowName: 'w', input: 'x'.repeat(10_240) });
    expect(big.status).toBe(413);
    expect(big.body.error).toMatchObject({ name: 'CloudflareWorldError', code: 'PAYLOAD_TOO_LARGE' });
    expect((await call(stub, '/state')).status).toBe(404);
    const huge = await call(stub, '/initialize', undefined, JSON.stringify({ runId, workflowName: 'w', input: 'x'.repeat(3 * 1024 * 1024) }));
    expect(huge.status).toBe(413);
    expect((await call(stub, '/state')).status).toBe(404);
  });
});

describe('POST /status', () => {
  it('running / completed map to run_started / run_completed; RPC and runs.list see them', async () => {
    const { runId, stub, workflowName } = await initialized();
    const started = await call(stub, '/status', { status: 'running' });
    expect(started.status).toBe(200);
    expect(started.body.run).toMatchObject({ runId, status: 'running' });
    const storage = createTestStorage();
    expect((await storage.runs.get(runId)).status).toBe('running');
    const done = await call(stub, '/status', { status: 'completed', output: [1, 'two'] });
    expect(done.body.run).toMatchObject({ status: 'completed', output: json([1, 'two']) });
    expect(await storage.runs.get(runId)).toEqual(done.body.run);
    expect((await storage.runs.list({ workflowName })).data.map((r) => r.status)).toEqual(['completed']);
  });

  it('failed builds the entity error; cancelled ends the run; terminal runs answer 409 / 410', async () => {
    const a = await initialized();
    await call(a.stub, '/status', { status: 'running' });
    const failed = await call(a.stub, '/status', { status: 'failed', error: { message: 'boom', stack: 'at x' }, errorCode: 'USER_ERROR' });
    expect(failed.body.run).toMatchObject({ status: 'failed', error: { message: 'boom', stack: 'at x', code: 'USER_ERROR' } });
    expect((await createTestStorage().runs.get(a.runId)).error).toEqual({ message: 'boom', stack: 'at x', code: 'USER_ERROR' });
    const again = await call(a.stub, '/status', { status: 'completed' });
    expect(again).toMatchObject({ status: 409, body: { error: { name: 'EntityConflictError' } } });
    const restart = await call(a.stub, '/status', { status: 'running' });
    expect(restart).toMatchObject({ status: 410, body: { error: { name: 'RunExpiredError' } } });

    const b = await initialized();
    const cancelled = await call(b.stub, '/status', { status: 'cancelled' });
    expect(cancelled.body.run).toMatchObject({ status: 'cancelled' });
    expect((await call(b.stub, '/status', { status: 'cancelled' })).status).toBe(200); // idempotent, as run_cancelled is
    expect((await createTestStorage().events.list({ runId: b.runId })).data.map((e) => e.eventType)).toEqual(['run_created', 'run_cancelled']);
  });

  it('an object without a run is 404; an unknown status is 400', async () => {
    const ghost = await call(runStubOf(freshRunId()), '/status', { status: 'running' });
    expect(ghost).toMatchObject({ status: 404, body: { error: { name: 'WorkflowRunNotFoundError' } } });
    const { stub } = await initialized();
    expect((await call(stub, '/status', { status: 'paused' })).status).toBe(400);
    expect((await call(stub, '/status', { status: 'completed', output: 'x'.repeat(20_000) })).status).toBe(413);
    expect((await call(stub, '/state')).body.run).toMatchObject({ status: 'pending' });
  });
});

describe('POST /step/start and /step/complete', () => {
  it('start creates the step once and starts it; complete stores the output; RPC and the index see both', async () => {
    const { runId, stub } = await initialized();
    await call(stub, '/status', { status: 'running' });
    const stepId = unique('step');
    const first = await call(stub, '/step/start', { stepId, stepName: 'step//app//charge', input: { amount: 5 } });
    expect(first.status).toBe(200);
    expect(first.body.step).toMatchObject({ runId, stepId, stepName: 'step//app//charge', status: 'running', attempt: 1, input: json({ amount: 5 }) });
    const storage = createTestStorage();
    expect(await storage.steps.get(undefined, stepId)).toEqual(first.body.step); // found through the D1 index
    const retry = await call(stub, '/step/start', { stepId });
    expect(retry.body.step).toMatchObject({ status: 'running', attempt: 2, stepName: 'step//app//charge' });
    const done = await call(stub, '/step/complete', { stepId, output: 'ok' });
    expect(done.body.step).toMatchObject({ status: 'completed', output: json('ok') });
    expect(await storage.steps.get(runId, stepId)).toEqual(done.body.step);
    const types = (await storage.events.list({ runId })).data.map((e) => e.eventType);
    expect(types).toEqual(['run_created', 'run_started', 'step_created', 'step_started', 'step_started', 'step_completed']);
  });

  it('racing starts of a new step create it once', async () => {
    const { runId, stub } = await initialized();
    const stepId = unique('step');
    const answers = await Promise.all(Array.from({ length: 4 }, () => call(stub, '/step/start', { stepId })));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    const types = (await createTestStorage().events.list({ runId })).data.map((e) => e.eventType);
    expect(types.filter((t) => t === 'step_created')).toHaveLength(1);
    expect(types.filter((t) => t === 'step_started')).toHaveLength(4);
  });

  it('error statuses: 404 unknown step or run, 409 completed step or ended run, 410 pending step of an ended run, 425 too early, 400 bad body', async () => {
    const { runId, stub } = await initialized();
    const unknown = await call(stub, '/step/complete', { stepId: 'nope' });
    expect(unknown).toMatchObject({ status: 404, body: { error: { name: 'WorkflowWorldError' } } });
    expect((await call(runStubOf(freshRunId()), '/step/start', { stepId: 's' })).status).toBe(404);
    expect((await call(stub, '/step/start', { stepId: 's', extra: true })).status).toBe(400);
    expect((await call(stub, '/step/start', { stepId: '' })).status).toBe(400);

    await call(stub, '/step/start', { stepId: 'done' });
    await call(stub, '/step/complete', { stepId: 'done' });
    expect(await call(stub, '/step/complete', { stepId: 'done' })).toMatchObject({ status: 409, body: { error: { name: 'EntityConflictError' } } });

    const storage = createTestStorage();
    await call(stub, '/step/start', { stepId: 'later' });
    await storage.events.create(runId, { eventType: 'step_retrying', specVersion: SPEC, correlationId: 'later', eventData: { error: 'x', retryAfter: new Date(Date.now() + 60_000) } });
    const early = await call(stub, '/step/start', { stepId: 'later' });
    expect(early).toMatchObject({ status: 425, body: { error: { name: 'TooEarlyError' } } });

    await storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: 'pending', eventData: { stepName: 'n', input: enc('') } });
    await call(stub, '/status', { status: 'cancelled' });
    expect(await call(stub, '/step/start', { stepId: 'pending' })).toMatchObject({ status: 410, body: { error: { name: 'RunExpiredError' } } });
    expect(await call(stub, '/step/start', { stepId: 'brand-new' })).toMatchObject({ status: 409, body: { error: { name: 'EntityConflictError' } } });
  });
});

describe('GET /state', () => {
  it('returns { run, steps, hooks, events } in tagged JSON, equal to what the RPC reads return', async () => {
    const { runId, stub } = await initialized({ n: 1 });
    await call(stub, '/status', { status: 'running' });
    await call(stub, '/step/start', { stepId: 's1', input: [1] });
    const storage = createTestStorage();
    const token = unique('tok');
    await storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: unique('h'), eventData: { token, metadata: enc('m') } });

    const res = await stub.fetch('https://do/state');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text).toContain('"$b64"'); // bytes travel as base64
    const state = fromTagged(JSON.parse(text)) as { run: WorkflowRun; steps: Step[]; hooks: Hook[]; events: Event[] };
    expect(state.run).toEqual(await storage.runs.get(runId));
    expect(state.steps).toEqual((await storage.steps.list({ runId, pagination: { sortOrder: 'asc' } })).data);
    expect(state.hooks).toEqual((await storage.hooks.list({ runId, pagination: { sortOrder: 'asc' } })).data);
    expect(state.events).toEqual((await storage.events.list({ runId, pagination: { limit: 1000 } })).data);
    expect(state.events.map((e) => e.eventType)).toEqual(['run_created', 'run_started', 'step_created', 'step_started', 'hook_created']);
  });

  it('pages the event log: limit and cursor as events.list gives them; a bad limit or cursor is 400', async () => {
    const { runId, stub } = await initialized({ n: 1 });
    await call(stub, '/status', { status: 'running' });
    for (const stepId of ['s1', 's2', 's3']) await call(stub, '/step/start', { stepId });
    const all = (await createTestStorage().events.list({ runId, pagination: { limit: 1000 } })).data.map((e) => e.eventId);
    expect(all).toHaveLength(8);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 10; page++) {
      const { status, body } = await call(stub, `/state?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(status).toBe(200);
      const state = body as { events: Event[]; steps: Step[]; cursor: string | null; hasMore: boolean };
      expect(state.steps).toHaveLength(3); // every step on every page
      seen.push(...state.events.map((e) => e.eventId));
      if (!state.hasMore) break;
      cursor = state.cursor ?? undefined;
    }
    expect(seen).toEqual(all);
    expect((await call(stub, '/state?limit=0')).status).toBe(400);
    expect((await call(stub, '/state?limit=1001')).status).toBe(400);
    expect((await call(stub, '/state?cursor=not-a-cursor')).status).toBe(400);
  });

  it('shows the pause flag on the run, as runs.get does', async () => {
    const { runId, stub } = await initialized();
    const { pausedAt } = await createRunControls({ runs: env.WORKFLOW_RUN }).setPaused(runId, true);
    const { body } = await call(stub, '/state');
    expect((body.run as WorkflowRun).executionContext).toEqual({ paused: true, pausedAt });
    expect(body.run).toEqual(await createTestStorage().runs.get(runId));
  });

  it('unknown routes and methods are 404 JSON', async () => {
    const { stub } = await initialized();
    expect(await call(stub, '/nope')).toMatchObject({ status: 404, body: { error: { name: 'NotFound' } } });
    expect((await call(stub, '/state', {})).status).toBe(404); // POST /state
  });
});
