/// <reference types="@cloudflare/vitest-plugin/types" />
import { abortAllDurableObjects, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import type { WorkflowIndex } from '@workflow-world-cloudflare/storage-d1';
import { describe, expect, it } from 'vitest';
import type { WorkflowRunObjectWithSeams as WorkflowRunObject } from './run-object-seams.js';
import { enc, freshRunId, SPEC, unique } from '@workflow-world-cloudflare/core/testing';
import { createTestStorage, runStubOf } from './helpers.js';
import { failingApply, outboxState } from './index-doubles.js';

async function pendingOutbox(runId: string): Promise<number> {
  return runInDurableObject(runStubOf(runId), (_: WorkflowRunObject, state) => Number(state.storage.sql.exec('SELECT count(*) AS n FROM wf_outbox').one().n));
}

describe('transactional outbox', () => {
  it('a D1 outage delays the index but never fails the run; the alarm applies it later', async () => {
    const storage = createTestStorage();
    const runId = freshRunId();
    const workflowName = unique('outage');
    const stub = runStubOf(runId);
    let live: WorkflowIndex | undefined;
    await runInDurableObject(stub, (instance: WorkflowRunObject) => {
      live = instance.index;
      instance.index = failingApply(instance.index).index;
    });

    const created = await storage.events.create(runId, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName, input: enc('i') } });
    expect(created.run?.status).toBe('pending');
    await storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC });
    expect((await storage.runs.get(runId)).status).toBe('running');
    expect((await storage.runs.list({ workflowName })).data).toEqual([]);
    expect(await pendingOutbox(runId)).toBeGreaterThan(0);

    // Still down: the alarm fails quietly and reschedules itself.
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const alarm = await runInDurableObject(stub, (_: WorkflowRunObject, state) => state.storage.getAlarm());
    expect(alarm).not.toBeNull();
    expect((await storage.runs.list({ workflowName })).data).toEqual([]);

    await runInDurableObject(stub, (instance: WorkflowRunObject) => {
      if (live) instance.index = live;
    });
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    const listed = await storage.runs.list({ workflowName });
    expect(listed.data.map((r) => [r.runId, r.status])).toEqual([[runId, 'running']]);
    expect(await pendingOutbox(runId)).toBe(0);
  });

  it('in the happy path the index is current when events.create returns', async () => {
    const storage = createTestStorage();
    const workflowName = unique('happy');
    const created = await storage.events.create(null, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName, input: enc('i') } });
    const runId = created.run?.runId ?? '';
    expect((await storage.runs.list({ workflowName, status: 'pending' })).data.map((r) => r.runId)).toEqual([runId]);
    expect(await pendingOutbox(runId)).toBe(0);
  });

  it('a woken object with pending rows and no alarm arms one', async () => {
    const storage = createTestStorage();
    const runId = freshRunId();
    const workflowName = unique('orphan');
    await storage.events.create(runId, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName, input: enc('i') } });
    // What an instance lost mid-drain before this version armed the alarm with the commit left behind.
    const started = await runInDurableObject(runStubOf(runId), async (instance: WorkflowRunObject, state) => {
      instance.index = failingApply(instance.index).index;
      return instance.eventsCreate({ runId, event: { eventType: 'run_started', specVersion: SPEC }, hookStamp: { ownerId: '', projectId: '', environment: '' } }).then(async (r) => {
        await state.storage.deleteAlarm();
        return r.ok;
      });
    });
    expect(started).toBe(true);
    await abortAllDurableObjects();
    // Nothing else touches the run: only an alarm armed by the woken constructor can drain the row.
    await runDurableObjectAlarm(runStubOf(runId));
    expect((await storage.runs.list({ workflowName })).data.map((r) => r.status)).toEqual(['running']);
    expect((await outboxState(runId)).pending).toBe(0);
  });

  it('a token claim whose transaction then fails is released at once', async () => {
    const storage = createTestStorage();
    const runId = freshRunId();
    await storage.events.create(runId, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName: 'w', input: enc('i') } });
    await storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: 's', eventData: { stepName: 'n', input: enc('') } });
    await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 's' });
    const external = await storage.events.create(runId, { eventType: 'step_completed', specVersion: SPEC, correlationId: 's', eventData: { result: enc('r') } });
    const token = unique('released');
    // The stale-state guard runs inside the transaction, after the token was claimed in D1.
    const stale = storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: unique('h'), eventData: { token } }, { stateUpdatedAt: (external.event?.createdAt.getTime() ?? 0) - 1 });
    await expect(stale).rejects.toMatchObject({ name: 'PreconditionFailedError' });
    await expect(storage.hooks.getByToken(token)).rejects.toMatchObject({ name: 'HookNotFoundError' });
    const other = freshRunId();
    await storage.events.create(other, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName: 'w', input: enc('i') } });
    const claimed = await storage.events.create(other, { eventType: 'hook_created', specVersion: SPEC, correlationId: unique('h'), eventData: { token } });
    expect(claimed.event?.eventType).toBe('hook_created');
  });
});
