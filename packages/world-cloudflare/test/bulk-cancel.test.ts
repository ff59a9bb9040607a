/**
 * `control.cancelMany` / `control.cancelMatching` (DevKit 5's bulk-cancel shape) and the reason each
 * cancellation records on its `run_cancelled` event.
 */
import { env } from 'cloudflare:test';
import { runShard } from '@workflow-world-cloudflare/queue-cf';
import { describe, expect, it } from 'vitest';
import { createRun, enc, eventually, testWorld } from './helpers.js';

const coordinatorOf = (runId: string) =>
  env.WORKFLOW_QUEUE_COORDINATOR.get(env.WORKFLOW_QUEUE_COORDINATOR.idFromName(runShard(runId)));

async function runningRun(workflowName: string): Promise<string> {
  const runId = await createRun(workflowName);
  await testWorld().events.create(runId, { eventType: 'run_started', specVersion: 3 });
  return runId;
}

async function cancelledEvents(runId: string, resolveData: 'all' | 'none' = 'all') {
  const { data } = await testWorld().events.list({ runId, resolveData });
  return data.filter((e) => e.eventType === 'run_cancelled');
}

describe('control.cancelMany', () => {
  it('answers one outcome per id in request order, records the reason, and releases a paused run', async () => {
    const world = testWorld();
    const running = await runningRun('bulk');
    const pending = await createRun('bulk');
    const paused = await runningRun('bulk');
    await world.control.pause(paused);
    await world.queue('__wkf_step_bulk', { workflowName: 'bulk', workflowRunId: paused, workflowStartedAt: Date.now(), stepId: 'step_held' });
    const completed = await runningRun('bulk');
    await world.events.create(completed, { eventType: 'run_completed', specVersion: 3, eventData: { output: enc('"done"') } });
    const earlier = await runningRun('bulk');
    await world.control.cancel(earlier);
    const ghost = 'wrun_01KAAAAAAAAAAAAAAAAAAAAAAB';

    const result = await world.control.cancelMany([running, ghost, completed, earlier, pending, paused], 'incident 42: bad deploy');

    expect(result.results).toEqual([
      { runId: running, outcome: 'cancelled' },
      { runId: ghost, outcome: 'not_found' },
      { runId: completed, outcome: 'not_cancellable', status: 'completed' },
      { runId: earlier, outcome: 'already_cancelled' },
      { runId: pending, outcome: 'cancelled' },
      { runId: paused, outcome: 'cancelled' },
    ]);
    expect(result.summary).toEqual({ requested: 6, cancelled: 3, alreadyCancelled: 1, notCancellable: 1, notFound: 1, failed: 0 });

    for (const id of [running, pending, paused]) {
      expect((await world.runs.get(id)).status).toBe('cancelled');
      // The reason rides on the event, as in DevKit 5, and survives resolveData: 'none' (it is not a payload).
      for (const mode of ['all', 'none'] as const) {
        expect((await cancelledEvents(id, mode)).map((e) => (e as { eventData?: unknown }).eventData)).toEqual([
          { cancelReason: 'incident 42: bad deploy' },
        ]);
      }
    }
    expect((await world.runs.get(completed)).status).toBe('completed');
    // The run cancelled earlier keeps its one cancellation, without the later reason.
    const [first, ...more] = await cancelledEvents(earlier);
    expect(more).toEqual([]);
    expect((first as { eventData?: unknown }).eventData).toBeUndefined();
    expect((await coordinatorOf(paused).snapshot()).held).toBe(false);
  });

  it('is also `runs.cancelMany({ runIds, cancelReason })`, the DevKit 5 World method', async () => {
    const world = testWorld();
    const runId = await runningRun('bulk-alias');
    const result = await world.runs.cancelMany({ runIds: [runId], cancelReason: 'via runs' });
    expect(result.results).toEqual([{ runId, outcome: 'cancelled' }]);
    expect((await cancelledEvents(runId))[0]).toMatchObject({ eventData: { cancelReason: 'via runs' } });
  });

  it('refuses bad requests with INVALID_ARGUMENT before cancelling anything', async () => {
    const world = testWorld();
    const live = await runningRun('bulk-invalid');
    const many = [live, ...Array.from({ length: 500 }, (_, i) => `wrun_01KAAAAAAAAAAAAAAAAAA${String(i).padStart(5, '0')}`)];
    const bad: [unknown, unknown, RegExp][] = [
      [[], undefined, /runIds: Too small/i],
      [many, undefined, /runIds: Too big/i],
      [[live, live], undefined, /must not contain duplicates/],
      [[live], 'x'.repeat(513), /cancelReason: Too big/i],
      [[live, ''], undefined, /runIds\.1/],
      ['not-a-list', undefined, /runIds/],
    ];
    for (const [ids, reason, message] of bad) {
      const error = await world.control.cancelMany(ids as string[], reason as string).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'CloudflareWorldError', code: 'INVALID_ARGUMENT' });
      expect((error as Error).message).toMatch(message);
    }
    expect((await world.runs.get(live)).status).toBe('running');
  });

  it('accepts exactly 500 ids and a 512-character reason', async () => {
    const world = testWorld();
    const live = await runningRun('bulk-limits');
    const ids = [live, ...Array.from({ length: 499 }, (_, i) => `wrun_01KAAAAAAAAAAAAAAAAAB${String(i).padStart(5, '0')}`)];
    const reason = 'r'.repeat(512);
    const result = await world.control.cancelMany(ids, reason);
    expect(result.summary).toMatchObject({ requested: 500, cancelled: 1, notFound: 499, failed: 0 });
    expect((await cancelledEvents(live))[0]).toMatchObject({ eventData: { cancelReason: reason } });
  }, 120_000);
});

describe('control.cancel with a reason', () => {
  it('records it; a reason over 512 characters is INVALID_EVENT and the run stays live', async () => {
    const world = testWorld();
    const runId = await runningRun('cancel-reason');
    await expect(world.control.cancel(runId, { cancelReason: 'y'.repeat(513) })).rejects.toMatchObject({ code: 'INVALID_EVENT' });
    expect((await world.runs.get(runId)).status).toBe('running');
    const run = await world.control.cancel(runId, { cancelReason: 'customer asked' });
    expect(run.status).toBe('cancelled');
    expect((await cancelledEvents(runId))[0]).toMatchObject({ eventData: { cancelReason: 'customer asked' } });
  });
});

describe('control.cancelMatching', () => {
  it('cancels a workflow’s running runs, at most `limit` per call, and nothing of other workflows', async () => {
    const world = testWorld();
    const name = `sweep-${crypto.randomUUID()}`;
    const targets = [await runningRun(name), await runningRun(name), await runningRun(name)];
    const finished = await runningRun(name);
    await world.events.create(finished, { eventType: 'run_completed', specVersion: 3, eventData: { output: enc('1') } });
    const otherWorkflow = await runningRun(`${name}-other`);
    const pendingOne = await createRun(name);
    // The D1 index is written after each answer: wait until it lists all three as running.
    await eventually(
      () => world.runs.list({ workflowName: name, status: 'running', resolveData: 'none' }),
      (page) => page.data.length === 3,
    );

    const first = await world.control.cancelMatching({ workflowName: name, limit: 2 }, 'sweep');
    expect(first.summary).toMatchObject({ requested: 2, cancelled: 2 });
    expect(first.hasMore).toBe(true);
    await eventually(
      () => world.runs.list({ workflowName: name, status: 'running', resolveData: 'none' }),
      (page) => page.data.length === 1,
    );
    const second = await world.control.cancelMatching({ workflowName: name, limit: 2 }, 'sweep');
    expect(second.summary).toMatchObject({ requested: 1, cancelled: 1 });
    expect(second.hasMore).toBe(false);

    for (const id of targets) {
      expect((await world.runs.get(id)).status).toBe('cancelled');
      expect((await cancelledEvents(id))[0]).toMatchObject({ eventData: { cancelReason: 'sweep' } });
    }
    expect((await world.runs.get(finished)).status).toBe('completed');
    expect((await world.runs.get(otherWorkflow)).status).toBe('running');
    expect((await world.runs.get(pendingOne)).status).toBe('pending');

    // `status: 'pending'` takes the runs not started yet.
    await eventually(
      () => world.runs.list({ workflowName: name, status: 'pending', resolveData: 'none' }),
      (page) => page.data.length === 1,
    );
    const pendingSweep = await world.control.cancelMatching({ workflowName: name, status: 'pending' });
    expect(pendingSweep.results).toEqual([{ runId: pendingOne, outcome: 'cancelled' }]);
  });

  it('refuses a filter without a workflow name, with a bad status or limit', async () => {
    const world = testWorld();
    for (const filter of [{}, { workflowName: '' }, { workflowName: 'x', status: 'completed' }, { workflowName: 'x', limit: 501 }]) {
      await expect(world.control.cancelMatching(filter as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });
});
