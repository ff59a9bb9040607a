/// <reference types="@cloudflare/vitest-plugin/types" />
/**
 * Index writes a caller does not wait for: `step_created` / `wait_created` owe only step and correlation
 * lookups, so the run object answers before D1 has them and drains them in the background, with the alarm
 * armed in the commit's turn. Run snapshots and hook ops are still in D1 before the answer.
 */
import { abortAllDurableObjects, env, evictDurableObject, runDurableObjectAlarm } from 'cloudflare:test';
import { createD1Index } from '@workflow-world-cloudflare/storage-d1';
import { describe, expect, it, vi } from 'vitest';
import { enc, newRun, SPEC, startedRun, unique } from '@workflow-world-cloudflare/core/testing';
import { isDeferrable, OUTBOX_ALARM_MS } from '../src/object/outbox-drainer.js';
import { createTestStorage, runStubOf } from './helpers.js';
import { failingApply, holdIndex, outboxState, setDrainInterval, settledOutbox, swapIndex } from './index-doubles.js';

const d1 = () => createD1Index(env.DB);

const stepCreated = (stepId: string) =>
  ({ eventType: 'step_created', specVersion: SPEC, correlationId: stepId, eventData: { stepName: 'n', input: enc('in') } }) as const;

describe('deferred index writes', () => {
  it('only step / correlation lookups are deferrable', () => {
    expect(isDeferrable([])).toBe(true);
    expect(isDeferrable([{ op: 'putStep', stepId: 's', runId: 'r' }, { op: 'putCorrelation', correlationId: 's', runId: 'r' }])).toBe(true);
    expect(isDeferrable([{ op: 'putCorrelation', correlationId: 'h', runId: 'r' }, { op: 'deleteHook', hookId: 'h' }])).toBe(false);
    expect(isDeferrable([{ op: 'releaseRunTokens', runId: 'r' }])).toBe(false);
    // A run's snapshot follows the answer (runs.list flushes the runs its storage wrote), but not its token release.
    expect(isDeferrable([{ op: 'upsertRun', run: {} as never }])).toBe(true);
    expect(isDeferrable([{ op: 'releaseRunTokens', runId: 'r' }, { op: 'upsertRun', run: {} as never }])).toBe(false);
  });

  it('step_created answers while D1 is still writing; the rows reach D1 and the alarm is cleared', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    const held = await holdIndex(runId);
    const stepId = unique('step');

    // D1 has not been written (the apply waits for the test), yet the caller has its answer.
    const created = await storage.events.create(runId, stepCreated(stepId));
    expect(created.step?.status).toBe('pending');
    await held.started;
    expect(held.calls).toEqual([[{ op: 'putStep', stepId, runId }, { op: 'putCorrelation', correlationId: stepId, runId }]]);
    expect(await d1().findRunIdByStepId(stepId)).toBeNull();
    const armed = await outboxState(runId);
    expect(armed.pending).toBe(1);
    expect(armed.alarm).not.toBeNull();

    held.open();
    await held.applied();
    expect(await d1().findRunIdByStepId(stepId)).toBe(runId);
    expect(await d1().findRunIdsByCorrelationId(stepId)).toEqual([runId]);
    // Drained in the background: nothing left, and no alarm to wake the object for nothing.
    expect(await outboxState(runId)).toEqual({ pending: 0, attempts: 0, alarm: null });
  });

  it('the same storage reads its own step and wait at once; another storage once the outbox drained', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    const held = await holdIndex(runId);
    const stepId = unique('step');
    const waitId = unique('wait');
    await storage.events.create(runId, stepCreated(stepId));
    await storage.events.create(runId, { eventType: 'wait_created', specVersion: SPEC, correlationId: waitId, eventData: { resumeAt: new Date() } });
    expect(await d1().findRunIdByStepId(stepId)).toBeNull();

    expect(await storage.steps.get(undefined, stepId)).toMatchObject({ runId, stepId, status: 'pending' });
    const waits = await storage.events.listByCorrelationId({ correlationId: waitId });
    expect(waits.data.map((e) => [e.runId, e.eventType])).toEqual([[runId, 'wait_created']]);
    const other = createTestStorage();
    await expect(other.steps.get(undefined, stepId)).rejects.toMatchObject({ name: 'WorkflowWorldError' });
    expect((await other.events.listByCorrelationId({ correlationId: waitId })).data).toEqual([]);

    held.open();
    await runDurableObjectAlarm(runStubOf(runId));
    expect(await other.steps.get(undefined, stepId)).toMatchObject({ runId, stepId });
    expect((await other.events.listByCorrelationId({ correlationId: waitId })).data.map((e) => e.eventType)).toEqual(['wait_created']);
  });

  it('an abort while the deferred drain waits on D1 loses nothing: the alarm armed with the commit drains it', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    const held = await holdIndex(runId);
    const stepId = unique('step');
    const waitId = unique('wait');
    await storage.events.create(runId, stepCreated(stepId));
    await storage.events.create(runId, { eventType: 'wait_created', specVersion: SPEC, correlationId: waitId, eventData: { resumeAt: new Date() } });
    await held.started;
    // `evictDurableObject` would wait for the held apply; an abort tears the instance down mid-drain.
    await abortAllDurableObjects();
    expect(await d1().findRunIdByStepId(stepId)).toBeNull();
    const before = await outboxState(runId);
    expect(before.pending).toBe(2);
    expect(before.alarm).not.toBeNull();

    expect(await runDurableObjectAlarm(runStubOf(runId))).toBe(true);
    expect(await d1().findRunIdByStepId(stepId)).toBe(runId);
    expect(await d1().findRunIdsByCorrelationId(waitId)).toEqual([runId]);
    expect(await outboxState(runId)).toEqual({ pending: 0, attempts: 0, alarm: null });
  });

  it('an eviction right after the answer loses nothing', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    const stepId = unique('step');
    await storage.events.create(runId, stepCreated(stepId));
    await evictDurableObject(runStubOf(runId));
    // Whichever finished the drain (the evicted instance, or the alarm on a new one), D1 has the rows.
    await runDurableObjectAlarm(runStubOf(runId));
    expect(await d1().findRunIdByStepId(stepId)).toBe(runId);
    expect(await outboxState(runId)).toEqual({ pending: 0, attempts: 0, alarm: null });
  });

  it('D1 failing during a deferred drain leaves the rows to the alarm, which applies them once D1 is back', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    await settledOutbox(runId);
    const outage = failingApply(await swapIndex(runId, (live) => live));
    const live = await swapIndex(runId, () => outage.index);
    const stepId = unique('step');
    expect((await storage.events.create(runId, stepCreated(stepId))).step?.stepId).toBe(stepId);
    await outage.failed;
    const failed = await outboxState(runId);
    expect(failed).toMatchObject({ pending: 1, attempts: 1 });
    expect(failed.alarm).not.toBeNull();
    expect(await d1().findRunIdByStepId(stepId)).toBeNull();
    // The caller still reads its own step meanwhile.
    expect((await storage.steps.get(undefined, stepId)).runId).toBe(runId);

    await swapIndex(runId, () => live);
    await runDurableObjectAlarm(runStubOf(runId));
    expect(await d1().findRunIdByStepId(stepId)).toBe(runId);
    expect((await outboxState(runId)).pending).toBe(0);
  });

  it('run-level ops land before the answer, after every deferred entry before them (in order)', async () => {
    const storage = createTestStorage();
    const workflowName = unique('ordered');
    const runId = await startedRun(storage, { workflowName });
    const held = await holdIndex(runId);
    const stepId = unique('step');
    await storage.events.create(runId, stepCreated(stepId));
    await held.started;

    const completing = storage.events.create(runId, { eventType: 'run_completed', specVersion: SPEC, eventData: { output: enc('out') } });
    held.open();
    await completing;
    // No alarm fired and no wait: the answer itself came after D1 had the run's final snapshot.
    const listed = await storage.runs.list({ workflowName });
    expect(listed.data.map((r) => [r.runId, r.status])).toEqual([[runId, 'completed']]);
    expect(await d1().findRunIdByStepId(stepId)).toBe(runId);
    expect(held.calls.map((ops) => ops.map((o) => o.op))).toEqual([
      ['putStep', 'putCorrelation'],
      ['releaseRunTokens', 'upsertRun'],
    ]);
    expect((await outboxState(runId)).pending).toBe(0);
  });

  it('racing step_created calls all answer, and every row reaches D1 once', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    const ids = Array.from({ length: 8 }, () => unique('step'));
    const answers = await Promise.all(ids.map((id) => storage.events.create(runId, stepCreated(id))));
    expect(answers.map((a) => a.step?.stepId)).toEqual(ids);
    await runDurableObjectAlarm(runStubOf(runId));
    expect(await Promise.all(ids.map((id) => d1().findRunIdByStepId(id)))).toEqual(ids.map(() => runId));
    expect((await outboxState(runId)).pending).toBe(0);
  });

  it('commits within the drain interval share the next D1 batch; the alarm applies what a run that went quiet left', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    const recorded = await holdIndex(runId);
    recorded.open();
    const steps = Array.from({ length: 5 }, () => unique('step'));
    const create = (i: number) => storage.events.create(runId, stepCreated(steps[i] ?? ''));
    const batches = () => recorded.calls.map((ops) => ops.flatMap((o) => (o.op === 'putStep' ? [o.stepId] : [])));
    const drained = () => vi.waitFor(async () => expect((await outboxState(runId)).pending).toBe(0));
    await setDrainInterval(runId, 0);
    await create(0);
    await drained(); // at once
    // A long interval from that drain on, so that "within the interval" does not depend on how fast this test runs.
    await setDrainInterval(runId, 60_000);
    await create(1);
    await create(2);
    const waiting = await outboxState(runId);
    expect(waiting.pending).toBe(2);
    expect(waiting.alarm).not.toBeNull();
    expect(await d1().findRunIdByStepId(steps[1] ?? '')).toBeNull();

    await setDrainInterval(runId, 0);
    await create(3);
    await drained();
    expect(batches()).toEqual([[steps[0]], [steps[1], steps[2], steps[3]]]);

    // The run goes quiet right after a drain: the alarm applies what it left.
    await setDrainInterval(runId, 60_000);
    await create(4);
    expect((await outboxState(runId)).pending).toBe(1);
    expect(await runDurableObjectAlarm(runStubOf(runId))).toBe(true);
    expect(batches().at(-1)).toEqual([steps[4]]);
    expect(await Promise.all(steps.map((id) => d1().findRunIdByStepId(id)))).toEqual(steps.map(() => runId));
    expect(await outboxState(runId)).toEqual({ pending: 0, attempts: 0, alarm: null });
  });

  it('entries pending together share the alarm the first one armed, at most OUTBOX_ALARM_MS ahead: commits do not move it', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    const held = await holdIndex(runId);
    const steps = [unique('step'), unique('step'), unique('step')];
    const create = (stepId: string) => storage.events.create(runId, stepCreated(stepId));

    // The first entry drains at once (held in D1) and arms the alarm; the next are held back by the interval.
    await create(steps[0] ?? '');
    await held.started;
    const first = await outboxState(runId);
    expect(first.alarm).not.toBeNull();
    expect(first.alarm).toBeLessThanOrEqual(Date.now() + OUTBOX_ALARM_MS);
    await setDrainInterval(runId, 60_000);
    await create(steps[1] ?? '');
    await create(steps[2] ?? '');
    // Each alarm move is a write (a sync of the alarm store locally): none for the entries that came after.
    expect(await outboxState(runId)).toEqual({ pending: 3, attempts: 0, alarm: first.alarm });

    held.open();
    await held.applied();
    expect(await runDurableObjectAlarm(runStubOf(runId))).toBe(true);
    expect(await Promise.all(steps.map((id) => d1().findRunIdByStepId(id)))).toEqual(steps.map(() => runId));
    expect(await outboxState(runId)).toEqual({ pending: 0, attempts: 0, alarm: null });
  });

  it('run_started answers before D1 has the run snapshot; runs.list of the same storage still shows it', async () => {
    const storage = createTestStorage();
    const workflowName = unique('deferred-run');
    const runId = await newRun(storage, { workflowName });
    const held = await holdIndex(runId);

    const started = await storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC });
    expect(started.run?.status).toBe('running');
    await held.started;
    // D1 still has the pending snapshot: the answer did not wait for it.
    expect((await d1().listRuns({ workflowName, page: { limit: 10, sortOrder: 'desc', after: null } })).map((r) => r.status)).toEqual(['pending']);
    const listing = storage.runs.list({ workflowName });
    held.open();
    // This storage wrote the run, so its list first lets the object catch D1 up.
    expect((await listing).data.map((r) => [r.runId, r.status])).toEqual([[runId, 'running']]);
  });
});
