/** Contract: reads, pagination, resolveData and payload fidelity. */
import { expect, it } from 'vitest';
import { allEvents, enc, newRun, newStep, SPEC, startedRun, type StorageFactory, unique } from './fixtures.js';

export function readsContract(factory: StorageFactory): void {
  it('binary payloads round-trip byte for byte, null bytes included', async () => {
    const storage = await factory();
    const input = new Uint8Array([0, 1, 0, 255, 0, 0, 128, 0]);
    const runId = await newRun(storage, { input });
    const run = await storage.runs.get(runId);
    expect(run.input).toBeInstanceOf(Uint8Array);
    expect(Array.from(run.input as Uint8Array)).toEqual(Array.from(input));
    const [created] = await allEvents(storage, runId);
    expect(created?.eventType === 'run_created' && Array.from(created.eventData.input as Uint8Array)).toEqual(Array.from(input));
  });

  it('dates keep their milliseconds', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    const resumeAt = new Date('2031-02-03T04:05:06.789Z');
    await storage.events.create(runId, { eventType: 'wait_created', specVersion: SPEC, correlationId: 'w', eventData: { resumeAt } });
    const events = await allEvents(storage, runId);
    const wait = events.find((e) => e.eventType === 'wait_created');
    expect(wait?.eventType === 'wait_created' && wait.eventData.resumeAt.toISOString()).toBe('2031-02-03T04:05:06.789Z');
    const run = await storage.runs.get(runId);
    const created = events[0];
    expect(run.createdAt.getTime()).toBe(created?.createdAt.getTime());
  });

  it("resolveData 'none' strips exactly the payload fields", async () => {
    const storage = await factory();
    const runId = await startedRun(storage, { input: enc('secret') });
    await newStep(storage, runId, 's', enc('step-secret'));
    const token = unique('t');
    const hid = unique('h');
    await storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: hid, eventData: { token, metadata: enc('m') } });
    const run = await storage.runs.get(runId, { resolveData: 'none' });
    expect(run.input).toBeUndefined();
    expect(run.workflowName).toBeTypeOf('string');
    const step = await storage.steps.get(runId, 's', { resolveData: 'none' });
    expect(step.input).toBeUndefined();
    expect(step.stepName).toBe('step//test//fn');
    const hook = await storage.hooks.get(hid, { resolveData: 'none' });
    expect('metadata' in hook).toBe(false);
    expect(hook.token).toBe(token);
    const events = (await storage.events.list({ runId, resolveData: 'none' })).data;
    const stepCreated = events.find((e) => e.eventType === 'step_created');
    expect(stepCreated && 'eventData' in stepCreated ? stepCreated.eventData : null).toEqual({ stepName: 'step//test//fn' });
    const hookCreated = events.find((e) => e.eventType === 'hook_created');
    expect(hookCreated && 'eventData' in hookCreated ? hookCreated.eventData : null).toEqual({ token, isWebhook: undefined });
  });

  it('events.list pages oldest first with exclusive cursors; cursor is the last item even without more', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    for (let i = 0; i < 3; i++) await newStep(storage, runId, `s${i}`);
    const all = await allEvents(storage, runId);
    expect(all.map((e) => e.eventType)).toEqual(['run_created', 'run_started', 'step_created', 'step_created', 'step_created']);
    const ids = all.map((e) => e.eventId);
    expect([...ids].sort()).toEqual(ids);
    const p1 = await storage.events.list({ runId, pagination: { limit: 2 } });
    const p2 = await storage.events.list({ runId, pagination: { limit: 2, cursor: p1.cursor ?? undefined } });
    const p3 = await storage.events.list({ runId, pagination: { limit: 2, cursor: p2.cursor ?? undefined } });
    expect([...p1.data, ...p2.data, ...p3.data].map((e) => e.eventId)).toEqual(ids);
    expect([p1.hasMore, p2.hasMore, p3.hasMore]).toEqual([true, true, false]);
    expect(p3.cursor).not.toBeNull();
    const after = await storage.events.list({ runId, pagination: { limit: 2, cursor: p3.cursor ?? undefined } });
    expect(after.data).toEqual([]);
    const desc = await storage.events.list({ runId, pagination: { limit: 10, sortOrder: 'desc' } });
    expect(desc.data.map((e) => e.eventId)).toEqual([...ids].reverse());
  });

  it('events.get returns one event; an unknown one is an error', async () => {
    const storage = await factory();
    const runId = await newRun(storage);
    const [created] = await allEvents(storage, runId);
    expect(await storage.events.get(runId, created?.eventId ?? '')).toMatchObject({ eventType: 'run_created', runId });
    await expect(storage.events.get(runId, 'evnt_nope')).rejects.toMatchObject({ name: 'WorkflowWorldError' });
  });

  it('listByCorrelationId with and without runId', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    const stepId = unique('corr');
    await newStep(storage, runId, stepId);
    await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: stepId });
    const scoped = await storage.events.listByCorrelationId({ correlationId: stepId, runId });
    expect(scoped.data.map((e) => e.eventType)).toEqual(['step_created', 'step_started']);
    const global = await storage.events.listByCorrelationId({ correlationId: stepId });
    expect(global.data.map((e) => e.eventId)).toEqual(scoped.data.map((e) => e.eventId));
    expect((await storage.events.listByCorrelationId({ correlationId: unique('none') })).data).toEqual([]);
  });

  it('listByCorrelationId without runId merges every run that used the correlation id', async () => {
    const storage = await factory();
    const correlationId = unique('shared-wait');
    const a = await startedRun(storage);
    const b = await startedRun(storage);
    await storage.events.create(a, { eventType: 'wait_created', specVersion: SPEC, correlationId, eventData: { resumeAt: new Date() } });
    await storage.events.create(b, { eventType: 'wait_created', specVersion: SPEC, correlationId, eventData: { resumeAt: new Date() } });
    await storage.events.create(a, { eventType: 'wait_completed', specVersion: SPEC, correlationId });
    const merged = await storage.events.listByCorrelationId({ correlationId });
    expect(merged.data.map((e) => [e.runId, e.eventType])).toEqual([
      [a, 'wait_created'],
      [b, 'wait_created'],
      [a, 'wait_completed'],
    ]);
    const first = await storage.events.listByCorrelationId({ correlationId, pagination: { limit: 2 } });
    const rest = await storage.events.listByCorrelationId({ correlationId, pagination: { limit: 2, cursor: first.cursor ?? undefined } });
    expect([...first.data, ...rest.data].map((e) => e.eventId)).toEqual(merged.data.map((e) => e.eventId));
    expect([first.hasMore, rest.hasMore]).toEqual([true, false]);
  });

  it('hooks.list without runId reads the index across runs', async () => {
    const storage = await factory();
    const a = await startedRun(storage);
    const b = await startedRun(storage);
    const ha = unique('ha');
    const hb = unique('hb');
    await storage.events.create(a, { eventType: 'hook_created', specVersion: SPEC, correlationId: ha, eventData: { token: unique('t'), metadata: enc('ma') } });
    await storage.events.create(b, { eventType: 'hook_created', specVersion: SPEC, correlationId: hb, eventData: { token: unique('t') } });
    const newest = await storage.hooks.list({ pagination: { limit: 2, sortOrder: 'desc' } });
    expect(newest.data.map((h) => [h.hookId, h.runId])).toEqual([
      [hb, b],
      [ha, a],
    ]);
    expect(newest.data[1]?.metadata).toEqual(enc('ma'));
  });

  it('runs.list filters by workflowName and status, newest first', async () => {
    const storage = await factory();
    const workflowName = unique('listed');
    const a = await newRun(storage, { workflowName });
    const b = await startedRun(storage, { workflowName });
    const c = await startedRun(storage, { workflowName });
    await storage.events.create(c, { eventType: 'run_completed', specVersion: SPEC, eventData: { output: enc('o') } });
    const all = await storage.runs.list({ workflowName });
    expect(all.data.map((r) => r.runId)).toEqual([c, b, a]);
    expect(all.data[0]?.output).toEqual(enc('o'));
    const running = await storage.runs.list({ workflowName, status: 'running' });
    expect(running.data.map((r) => r.runId)).toEqual([b]);
    const paged = await storage.runs.list({ workflowName, pagination: { limit: 2 } });
    expect(paged.hasMore).toBe(true);
    const rest = await storage.runs.list({ workflowName, pagination: { limit: 2, cursor: paged.cursor ?? undefined } });
    expect(rest.data.map((r) => r.runId)).toEqual([a]);
    const none = await storage.runs.list({ workflowName, resolveData: 'none' });
    expect(none.data.every((r) => r.input === undefined && r.output === undefined)).toBe(true);
  });

  it('hooks that do not exist are HookNotFoundError', async () => {
    const storage = await factory();
    await expect(storage.hooks.get(unique('h'))).rejects.toMatchObject({ name: 'HookNotFoundError' });
    await expect(storage.hooks.getByToken(unique('t'))).rejects.toMatchObject({ name: 'HookNotFoundError' });
  });
}
