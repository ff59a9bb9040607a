/** Contract: run lifecycle events (`run_created`, `run_started`, terminal transitions). */
import { expect, it } from 'vitest';
import { type AnyEventRequest, SPEC_VERSION_CURRENT } from '@workflow/world';
import { allEvents, enc, eventTypes, freshRunId, newRun, SPEC, settle, startedRun, type StorageFactory, unique } from './fixtures.js';

export function runLifecycleContract(factory: StorageFactory): void {
  it('run_created with a null runId mints wrun_<ulid> and a pending run', async () => {
    const storage = await factory();
    const result = await storage.events.create(null, {
      eventType: 'run_created',
      specVersion: SPEC,
      eventData: { deploymentId: 'dep', workflowName: 'wf', input: enc('x'), executionContext: { a: 1 } },
    });
    expect(result.run?.runId).toMatch(/^wrun_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(result.run?.status).toBe('pending');
    expect(result.run?.executionContext).toEqual({ a: 1 });
    expect(result.event?.eventId).toMatch(/^evnt_[0-9A-HJKMNP-TV-Z]{26}$/);
    expect(result.event?.eventType).toBe('run_created');
  });

  it('run_created accepts a recent client ULID and refuses a duplicate with EntityConflictError', async () => {
    const storage = await factory();
    const runId = await newRun(storage);
    const again = storage.events.create(runId, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName: 'w', input: enc('y') } });
    await expect(again).rejects.toMatchObject({ name: 'EntityConflictError' });
    expect(await eventTypes(storage, runId)).toEqual(['run_created']);
  });

  it('run_created refuses a client runId that is not a recent ULID', async () => {
    const storage = await factory();
    const data = { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName: 'w', input: enc('y') } } as const;
    await expect(storage.events.create('wrun_not-a-ulid', data)).rejects.toMatchObject({ name: 'WorkflowWorldError' });
    // 01ARZ3NDEKTSV4RRFFQ69G5FAV is from 2016: far outside the 24 h window.
    await expect(storage.events.create('wrun_01ARZ3NDEKTSV4RRFFQ69G5FAV', data)).rejects.toMatchObject({ name: 'WorkflowWorldError' });
  });

  it('run_started is idempotent: one event, startedAt set once', async () => {
    const storage = await factory();
    const runId = await newRun(storage);
    const first = await storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC });
    const second = await storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC });
    expect(first.run?.status).toBe('running');
    expect(second.event).toBeUndefined();
    expect(second.run?.startedAt?.getTime()).toBe(first.run?.startedAt?.getTime());
    expect(await eventTypes(storage, runId)).toEqual(['run_created', 'run_started']);
  });

  it('run_started answers with the events so far (resolved)', async () => {
    const storage = await factory();
    const runId = await newRun(storage, { input: enc('hello') });
    const result = await storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC });
    expect(result.events?.map((e) => e.eventType)).toEqual(['run_created', 'run_started']);
    const created = result.events?.[0];
    expect(created?.eventType === 'run_created' && created.eventData.input).toEqual(enc('hello'));
    expect(result.hasMore).toBe(false);
  });

  it('resilient start: run_started with creation data creates the run with a synthetic run_created', async () => {
    const storage = await factory();
    const runId = freshRunId();
    const result = await storage.events.create(runId, {
      eventType: 'run_started',
      specVersion: SPEC,
      eventData: { deploymentId: 'dep-r', workflowName: 'wf-r', input: enc('resilient') },
    });
    expect(result.run).toMatchObject({ runId, status: 'running', workflowName: 'wf-r', deploymentId: 'dep-r' });
    expect(result.run?.input).toEqual(enc('resilient'));
    const events = await allEvents(storage, runId);
    expect(events.map((e) => e.eventType)).toEqual(['run_created', 'run_started']);
    expect(events[1] && 'eventData' in events[1] ? events[1].eventData : undefined).toBeUndefined();
  });

  it('events for an unknown run fail with WorkflowRunNotFoundError and write nothing', async () => {
    const storage = await factory();
    const ghost = freshRunId();
    await expect(storage.events.create(ghost, { eventType: 'run_started', specVersion: SPEC })).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
    await expect(storage.events.create(ghost, { eventType: 'step_created', specVersion: SPEC, correlationId: 's', eventData: { stepName: 'x', input: enc('') } })).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
    await expect(storage.runs.get(ghost)).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
    expect((await storage.events.list({ runId: ghost })).data).toEqual([]);
  });

  it('run_completed / run_failed / run_cancelled set completedAt; failed builds { message, stack, code }', async () => {
    const storage = await factory();
    const a = await startedRun(storage);
    const completed = await storage.events.create(a, { eventType: 'run_completed', specVersion: SPEC, eventData: { output: enc('out') } });
    expect(completed.run).toMatchObject({ status: 'completed', output: enc('out') });
    expect(completed.run?.completedAt).toBeInstanceOf(Date);
    const b = await startedRun(storage);
    const failed = await storage.events.create(b, {
      eventType: 'run_failed',
      specVersion: SPEC,
      eventData: { error: { message: 'boom', stack: 'Error: boom\n at x' }, errorCode: 'USER_ERROR' },
    });
    expect(failed.run?.status).toBe('failed');
    expect(failed.run?.error).toEqual({ message: 'boom', stack: 'Error: boom\n at x', code: 'USER_ERROR' });
    const c = await startedRun(storage);
    const cancelled = await storage.events.create(c, { eventType: 'run_cancelled', specVersion: SPEC });
    expect(cancelled.run?.status).toBe('cancelled');
    expect(cancelled.run?.completedAt).toBeInstanceOf(Date);
  });

  it('a string run error becomes its message', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    const failed = await storage.events.create(runId, { eventType: 'run_failed', specVersion: SPEC, eventData: { error: 'plain' } });
    expect(failed.run?.error).toEqual({ message: 'plain' });
  });

  it('terminal runs refuse transitions as the reference worlds do', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    await storage.events.create(runId, { eventType: 'run_completed', specVersion: SPEC, eventData: { output: enc('o') } });
    const cases: [AnyEventRequest, string][] = [
      [{ eventType: 'run_started', specVersion: SPEC }, 'RunExpiredError'],
      [{ eventType: 'run_completed', specVersion: SPEC, eventData: { output: enc('o') } }, 'EntityConflictError'],
      [{ eventType: 'run_failed', specVersion: SPEC, eventData: { error: 'x' } }, 'EntityConflictError'],
      [{ eventType: 'run_cancelled', specVersion: SPEC }, 'EntityConflictError'],
      [{ eventType: 'step_created', specVersion: SPEC, correlationId: 's1', eventData: { stepName: 'n', input: enc('') } }, 'EntityConflictError'],
      [{ eventType: 'hook_created', specVersion: SPEC, correlationId: 'h1', eventData: { token: unique('t') } }, 'EntityConflictError'],
      [{ eventType: 'wait_created', specVersion: SPEC, correlationId: 'w1', eventData: { resumeAt: new Date() } }, 'EntityConflictError'],
    ];
    for (const [event, name] of cases) {
      await expect(storage.events.create(runId, event as never)).rejects.toMatchObject({ name });
    }
    expect(await eventTypes(storage, runId)).toEqual(['run_created', 'run_started', 'run_completed']);
  });

  it('run_cancelled on a cancelled run is idempotent', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    const first = await storage.events.create(runId, { eventType: 'run_cancelled', specVersion: SPEC });
    const again = await storage.events.create(runId, { eventType: 'run_cancelled', specVersion: SPEC });
    expect(again.run?.status).toBe('cancelled');
    expect(again.event?.eventId).toBe(first.event?.eventId);
    expect(await eventTypes(storage, runId)).toEqual(['run_created', 'run_started', 'run_cancelled']);
  });

  it('exactly one of 10 concurrent terminal events wins', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    const events: AnyEventRequest[] = [];
    for (let i = 0; i < 10; i++) {
      events.push(
        i % 3 === 0
          ? { eventType: 'run_completed', specVersion: SPEC, eventData: { output: enc(`o${i}`) } }
          : i % 3 === 1
            ? { eventType: 'run_failed', specVersion: SPEC, eventData: { error: `e${i}` } }
            : { eventType: 'run_cancelled', specVersion: SPEC },
      );
    }
    await settle(events.map((e) => storage.events.create(runId, e as never)));
    const types = await eventTypes(storage, runId);
    expect(types.filter((t) => t === 'run_completed' || t === 'run_failed' || t === 'run_cancelled')).toHaveLength(1);
    const run = await storage.runs.get(runId);
    expect(['completed', 'failed', 'cancelled']).toContain(run.status);
  });

  it('a run created by a newer spec is refused with RunNotSupportedError', async () => {
    const storage = await factory();
    const created = await storage.events.create(null, { eventType: 'run_created', specVersion: SPEC_VERSION_CURRENT + 1, eventData: { deploymentId: 'd', workflowName: 'w', input: enc('') } });
    const runId = created.run?.runId ?? '';
    await expect(storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC })).rejects.toMatchObject({ name: 'RunNotSupportedError' });
  });

  it('legacy (spec 1) runs are refused with LEGACY_RUN_UNSUPPORTED', async () => {
    const storage = await factory();
    const created = storage.events.create(null, { eventType: 'run_created', specVersion: 1, eventData: { deploymentId: 'd', workflowName: 'w', input: enc('') } });
    await expect(created).rejects.toMatchObject({ name: 'CloudflareWorldError', code: 'LEGACY_RUN_UNSUPPORTED' });
  });
}
