import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createRun, dec, enc, testWorld } from './helpers.js';

const KEY = (runId: string) => `wwc:v1:run:${runId}`;

describe('KV read cache', () => {
  it('caches a terminal run on a full read, never a live one', async () => {
    const world = testWorld();
    const runId = await createRun('cache', enc('in'));
    await world.runs.get(runId);
    expect(await env.CACHE.get(KEY(runId))).toBeNull(); // pending: mutable, not cached
    await world.events.create(runId, { eventType: 'run_started', specVersion: 3 });
    await world.events.create(runId, { eventType: 'run_completed', specVersion: 3, eventData: { output: enc('out') } });
    const run = await world.runs.get(runId);
    expect(run.status).toBe('completed');
    expect(await env.CACHE.get(KEY(runId))).not.toBeNull();
    const cached = await world.runs.get(runId);
    expect(cached).toEqual(run);
    expect(dec(cached.output)).toBe('out');
    const none = await world.runs.get(runId, { resolveData: 'none' });
    expect(none.input).toBeUndefined();
    expect(none.output).toBeUndefined();
  });

  it('stays correct with a corrupt cache entry (falls back to the run object)', async () => {
    const world = testWorld();
    const runId = await createRun('cache', enc('in'));
    await world.events.create(runId, { eventType: 'run_cancelled', specVersion: 3 });
    await env.CACHE.put(KEY(runId), '{"not":"a run"}');
    const run = await world.runs.get(runId);
    expect(run).toMatchObject({ runId, status: 'cancelled' });
  });

  it('caches finished steps by step id and checks the run id on the way out', async () => {
    const world = testWorld();
    const runId = await createRun('cache');
    await world.events.create(runId, { eventType: 'run_started', specVersion: 3 });
    const stepId = `step_${crypto.randomUUID()}`;
    await world.events.create(runId, { eventType: 'step_created', specVersion: 3, correlationId: stepId, eventData: { stepName: 's', input: enc('i') } });
    await world.events.create(runId, { eventType: 'step_started', specVersion: 3, correlationId: stepId });
    await world.events.create(runId, { eventType: 'step_completed', specVersion: 3, correlationId: stepId, eventData: { result: enc('r') } });
    const step = await world.steps.get(runId, stepId);
    expect(await env.CACHE.get(`wwc:v1:step:${stepId}`)).not.toBeNull();
    expect(await world.steps.get(undefined, stepId)).toEqual(step);
    await expect(world.steps.get('wrun_01KAAAAAAAAAAAAAAAAAAAAAAA', stepId)).rejects.toThrow();
  });
});
