import { env } from 'cloudflare:test';
import { runShard } from '@workflow-world-cloudflare/queue-cf';
import { describe, expect, it } from 'vitest';
import { callsOf, createRun, eventually, testWorld } from './helpers.js';

const coordinatorOf = (runId: string) =>
  env.WORKFLOW_QUEUE_COORDINATOR.get(env.WORKFLOW_QUEUE_COORDINATOR.idFromName(runShard(runId)));

const stepMessage = (runId: string, stepId: string) => ({
  workflowName: 'controls',
  workflowRunId: runId,
  workflowStartedAt: Date.now(),
  stepId,
});

describe('operator controls', () => {
  it('pause holds the run’s deliveries and resume releases them', async () => {
    const world = testWorld();
    const runId = await createRun('controls');
    await world.control.pause(runId);
    const { messageId } = await world.queue('__wkf_step_controls', stepMessage(runId, 'step_a'));

    const held = await coordinatorOf(runId).snapshot();
    expect(held.held).toBe(true);
    expect(held.messages).toEqual([expect.objectContaining({ messageId, state: 'pending', attempt: 0 })]);
    expect(await callsOf(runId)).toEqual([]); // held: not dispatched on the fast path either

    await world.control.resume(runId);
    const calls = await eventually(() => callsOf(runId), (c) => c.length === 1);
    expect(calls[0]).toMatchObject({ messageId, attempt: 1 });
    expect((await coordinatorOf(runId).snapshot()).held).toBe(false);
  });

  it('cancel works on a paused run, and is idempotent', async () => {
    const world = testWorld();
    const runId = await createRun('controls');
    await world.events.create(runId, { eventType: 'run_started', specVersion: 3 });
    await world.control.pause(runId);
    const run = await world.control.cancel(runId);
    expect(run.status).toBe('cancelled');
    expect(run.completedAt).toBeInstanceOf(Date);
    expect((await coordinatorOf(runId).snapshot()).held).toBe(false); // held messages are released, not kept forever
    const again = await world.control.cancel(runId);
    expect(again.status).toBe('cancelled');
    const types = (await world.events.list({ runId })).data.map((e) => e.eventType);
    expect(types.filter((t) => t === 'run_cancelled')).toHaveLength(1);
  });

  it('refuses unknown runs with WorkflowRunNotFoundError', async () => {
    const world = testWorld();
    const ghost = 'wrun_01KAAAAAAAAAAAAAAAAAAAAAAA';
    await expect(world.control.pause(ghost)).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
    await expect(world.control.resume(ghost)).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
  });
});
