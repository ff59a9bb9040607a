/** Contract: step events. */
import { expect, it } from 'vitest';
import { enc, eventTypes, newStep, SPEC, settle, startedRun, type StorageFactory } from './fixtures.js';

export function stepsContract(factory: StorageFactory): void {
  it('step_created makes a pending step at attempt 0; a duplicate is EntityConflictError', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    const created = await storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: 'step-1', eventData: { stepName: 'n', input: enc('in') } });
    expect(created.step).toMatchObject({ runId, stepId: 'step-1', stepName: 'n', status: 'pending', attempt: 0, input: enc('in') });
    await expect(newStep(storage, runId, 'step-1')).rejects.toMatchObject({ name: 'EntityConflictError' });
    expect(await eventTypes(storage, runId)).toEqual(['run_created', 'run_started', 'step_created']);
  });

  it('step_started increments attempt, sets startedAt once and clears retryAfter', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    await newStep(storage, runId, 's');
    const first = await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 's' });
    expect(first.step).toMatchObject({ status: 'running', attempt: 1 });
    const past = new Date(Date.now() - 1000);
    const retrying = await storage.events.create(runId, { eventType: 'step_retrying', specVersion: SPEC, correlationId: 's', eventData: { error: { message: 'flaky' }, stack: 'st', retryAfter: past } });
    expect(retrying.step).toMatchObject({ status: 'pending', error: { message: 'flaky', stack: 'st' } });
    expect(retrying.step?.retryAfter?.getTime()).toBe(past.getTime());
    const second = await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 's' });
    expect(second.step).toMatchObject({ status: 'running', attempt: 2 });
    expect(second.step?.retryAfter).toBeUndefined();
    expect(second.step?.startedAt?.getTime()).toBe(first.step?.startedAt?.getTime());
  });

  it('step_started before retryAfter is TooEarlyError with retryAfter seconds', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    await newStep(storage, runId, 's');
    await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 's' });
    await storage.events.create(runId, { eventType: 'step_retrying', specVersion: SPEC, correlationId: 's', eventData: { error: 'e', retryAfter: new Date(Date.now() + 60_000) } });
    const early = storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 's' });
    await expect(early).rejects.toMatchObject({ name: 'TooEarlyError' });
    const err = (await early.catch((e: unknown) => e)) as { retryAfter?: number };
    expect(err.retryAfter).toBeGreaterThan(50);
    expect(err.retryAfter).toBeLessThanOrEqual(60);
  });

  it('step_completed stores the result; a completed step refuses every further event', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    await newStep(storage, runId, 's');
    await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 's' });
    const done = await storage.events.create(runId, { eventType: 'step_completed', specVersion: SPEC, correlationId: 's', eventData: { result: enc('r') } });
    expect(done.step).toMatchObject({ status: 'completed', output: enc('r') });
    expect(done.step?.completedAt).toBeInstanceOf(Date);
    for (const e of [
      { eventType: 'step_started', specVersion: SPEC, correlationId: 's' },
      { eventType: 'step_completed', specVersion: SPEC, correlationId: 's', eventData: { result: enc('r2') } },
      { eventType: 'step_failed', specVersion: SPEC, correlationId: 's', eventData: { error: 'x' } },
      { eventType: 'step_retrying', specVersion: SPEC, correlationId: 's', eventData: { error: 'x' } },
    ]) {
      await expect(storage.events.create(runId, e as never)).rejects.toMatchObject({ name: 'EntityConflictError' });
    }
  });

  it('step_failed records { message, stack }', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    await newStep(storage, runId, 's');
    await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 's' });
    const failed = await storage.events.create(runId, { eventType: 'step_failed', specVersion: SPEC, correlationId: 's', eventData: { error: { message: 'bad' }, stack: 'trace' } });
    expect(failed.step).toMatchObject({ status: 'failed', error: { message: 'bad', stack: 'trace' } });
  });

  it('events for an unknown step fail with WorkflowWorldError', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    await expect(storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 'nope' })).rejects.toMatchObject({ name: 'WorkflowWorldError' });
    expect(await eventTypes(storage, runId)).toEqual(['run_created', 'run_started']);
  });

  it('exactly one of 50 concurrent step_completed succeeds', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    await newStep(storage, runId, 's');
    await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 's' });
    const { ok, errors } = await settle(
      Array.from({ length: 50 }, (_, i) =>
        storage.events.create(runId, { eventType: 'step_completed', specVersion: SPEC, correlationId: 's', eventData: { result: enc(`r${i}`) } }),
      ),
    );
    expect(ok).toHaveLength(1);
    expect(errors).toEqual(Array(49).fill('EntityConflictError'));
    expect((await eventTypes(storage, runId)).filter((t) => t === 'step_completed')).toHaveLength(1);
  });

  it('after the run ended, a running step may still complete but a pending one may not start', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    await newStep(storage, runId, 'running');
    await newStep(storage, runId, 'pending');
    await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 'running' });
    await storage.events.create(runId, { eventType: 'run_cancelled', specVersion: SPEC });
    const late = await storage.events.create(runId, { eventType: 'step_completed', specVersion: SPEC, correlationId: 'running', eventData: { result: enc('late') } });
    expect(late.step?.status).toBe('completed');
    await expect(storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 'pending' })).rejects.toMatchObject({ name: 'RunExpiredError' });
  });

  it('steps.get finds a step by id alone, and steps.list pages newest first', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    for (const id of ['a', 'b', 'c']) await newStep(storage, runId, `${runId}-${id}`);
    const byId = await storage.steps.get(undefined, `${runId}-b`);
    expect(byId).toMatchObject({ runId, stepId: `${runId}-b` });
    const page1 = await storage.steps.list({ runId, pagination: { limit: 2 } });
    expect(page1.data.map((s) => s.stepId)).toEqual([`${runId}-c`, `${runId}-b`]);
    expect(page1.hasMore).toBe(true);
    const page2 = await storage.steps.list({ runId, pagination: { limit: 2, cursor: page1.cursor ?? undefined } });
    expect(page2.data.map((s) => s.stepId)).toEqual([`${runId}-a`]);
    expect(page2.hasMore).toBe(false);
    expect(page2.cursor).not.toBeNull();
    await expect(storage.steps.get(undefined, 'no-such-step')).rejects.toMatchObject({ name: 'WorkflowWorldError' });
  });
}
