/** Contract: hooks (token claims, conflicts, disposal) and waits. */
import { expect, it } from 'vitest';
import { enc, eventTypes, SPEC, startedRun, type StorageFactory, unique } from './fixtures.js';

export function hooksAndWaitsContract(factory: StorageFactory): void {
  it('hook_created creates the hook; getByToken, get and list find it', async () => {
    const storage = await factory();
    const hid = unique('h');
    const runId = await startedRun(storage);
    const token = unique('tok');
    const created = await storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: hid, eventData: { token, metadata: enc('meta') } });
    expect(created.hook).toMatchObject({ runId, hookId: hid, token, metadata: enc('meta') });
    expect(await storage.hooks.getByToken(token)).toMatchObject({ runId, hookId: hid });
    expect(await storage.hooks.get(hid)).toMatchObject({ runId, token });
    const listed = await storage.hooks.list({ runId });
    expect(listed.data.map((h) => h.hookId)).toEqual([hid]);
  });

  it('isWebhook is kept as given; a hook created without it is a legacy hook (not false), which counts as a webhook', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    const legacy = unique('h');
    const plain = unique('h');
    await storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: legacy, eventData: { token: unique('tok') } });
    await storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: plain, eventData: { token: unique('tok'), isWebhook: false } });
    expect((await storage.hooks.get(legacy)).isWebhook).not.toBe(false);
    expect((await storage.hooks.get(plain)).isWebhook).toBe(false);
  });

  it('N concurrent hook_created with one token from different runs: one hook, the rest stored hook_conflict', async () => {
    const storage = await factory();
    const hid = unique('h');
    const token = unique('shared');
    const runs = await Promise.all(Array.from({ length: 6 }, () => startedRun(storage)));
    const results = await Promise.all(
      runs.map((runId, i) => storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: `${hid}-${i}`, eventData: { token } })),
    );
    const winners = results.filter((r) => r.event?.eventType === 'hook_created');
    const conflicts = results.filter((r) => r.event?.eventType === 'hook_conflict');
    expect(winners).toHaveLength(1);
    expect(conflicts).toHaveLength(5);
    const owner = await storage.hooks.getByToken(token);
    expect(owner.runId).toBe(winners[0]?.event?.runId);
    for (const c of conflicts) {
      expect(c.hook).toBeUndefined();
      expect(c.event?.eventType === 'hook_conflict' && c.event.eventData).toEqual({ token, conflictingRunId: owner.runId });
      expect(await eventTypes(storage, c.event?.runId ?? '')).toEqual(['run_created', 'run_started', 'hook_conflict']);
    }
  });

  it('the token is reusable after hook_disposed and after the run ends', async () => {
    const storage = await factory();
    const hid = unique('h');
    const token = unique('reuse');
    const a = await startedRun(storage);
    await storage.events.create(a, { eventType: 'hook_created', specVersion: SPEC, correlationId: hid, eventData: { token } });
    await storage.events.create(a, { eventType: 'hook_disposed', specVersion: SPEC, correlationId: hid });
    await expect(storage.hooks.getByToken(token)).rejects.toMatchObject({ name: 'HookNotFoundError' });
    const b = await startedRun(storage);
    const second = await storage.events.create(b, { eventType: 'hook_created', specVersion: SPEC, correlationId: hid, eventData: { token } });
    expect(second.event?.eventType).toBe('hook_created');
    await storage.events.create(b, { eventType: 'run_completed', specVersion: SPEC, eventData: { output: enc('o') } });
    await expect(storage.hooks.get(hid)).rejects.toMatchObject({ name: 'HookNotFoundError' });
    const c = await startedRun(storage);
    const third = await storage.events.create(c, { eventType: 'hook_created', specVersion: SPEC, correlationId: hid, eventData: { token } });
    expect(third.event?.eventType).toBe('hook_created');
    expect((await storage.hooks.getByToken(token)).runId).toBe(c);
  });

  it('hook_received needs a live hook: missing or disposed is HookNotFoundError', async () => {
    const storage = await factory();
    const hid = unique('h');
    const runId = await startedRun(storage);
    const token = unique('recv');
    await expect(storage.events.create(runId, { eventType: 'hook_received', specVersion: SPEC, correlationId: hid, eventData: { payload: enc('p') } })).rejects.toMatchObject({ name: 'HookNotFoundError' });
    await storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: hid, eventData: { token } });
    const received = await storage.events.create(runId, { eventType: 'hook_received', specVersion: SPEC, correlationId: hid, eventData: { payload: enc('p') } });
    expect(received.event?.eventType === 'hook_received' && received.event.eventData.payload).toEqual(enc('p'));
    await storage.events.create(runId, { eventType: 'hook_disposed', specVersion: SPEC, correlationId: hid });
    await expect(storage.events.create(runId, { eventType: 'hook_received', specVersion: SPEC, correlationId: hid, eventData: { payload: enc('late') } })).rejects.toMatchObject({ name: 'HookNotFoundError' });
    await expect(storage.events.create(runId, { eventType: 'hook_disposed', specVersion: SPEC, correlationId: hid })).rejects.toMatchObject({ name: 'HookNotFoundError' });
    expect(await eventTypes(storage, runId)).toEqual(['run_created', 'run_started', 'hook_created', 'hook_received', 'hook_disposed']);
  });

  it('a second hook_created for the same hook id is EntityConflictError and keeps the token', async () => {
    const storage = await factory();
    const hid = unique('h');
    const runId = await startedRun(storage);
    const token = unique('dup');
    await storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: hid, eventData: { token } });
    await expect(storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: hid, eventData: { token } })).rejects.toMatchObject({ name: 'EntityConflictError' });
    expect((await storage.hooks.getByToken(token)).hookId).toBe(hid);
  });

  it('wait_created / wait_completed; duplicates are EntityConflictError, unknown waits WorkflowWorldError', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    const resumeAt = new Date(Date.now() + 5_000);
    const created = await storage.events.create(runId, { eventType: 'wait_created', specVersion: SPEC, correlationId: 'w', eventData: { resumeAt } });
    expect(created.wait).toMatchObject({ waitId: `${runId}-w`, runId, status: 'waiting', resumeAt });
    await expect(storage.events.create(runId, { eventType: 'wait_created', specVersion: SPEC, correlationId: 'w', eventData: { resumeAt } })).rejects.toMatchObject({ name: 'EntityConflictError' });
    const done = await storage.events.create(runId, { eventType: 'wait_completed', specVersion: SPEC, correlationId: 'w' });
    expect(done.wait).toMatchObject({ status: 'completed' });
    await expect(storage.events.create(runId, { eventType: 'wait_completed', specVersion: SPEC, correlationId: 'w' })).rejects.toMatchObject({ name: 'EntityConflictError' });
    await expect(storage.events.create(runId, { eventType: 'wait_completed', specVersion: SPEC, correlationId: 'nope' })).rejects.toMatchObject({ name: 'WorkflowWorldError' });
  });

  it('concurrent wait_completed: exactly one wins', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    await storage.events.create(runId, { eventType: 'wait_created', specVersion: SPEC, correlationId: 'w', eventData: { resumeAt: new Date() } });
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => storage.events.create(runId, { eventType: 'wait_completed', specVersion: SPEC, correlationId: 'w' })));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  });
}
