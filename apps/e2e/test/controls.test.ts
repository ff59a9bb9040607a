import { describe, expect, it } from 'vitest';
import { isTerminal } from '../src/client.js';
import { client } from './setup.js';

describe('cancel, pause and resume', () => {
  it('cancel: a waiting run is cancelled, its hook is released', async () => {
    const orderId = `c-${crypto.randomUUID()}`;
    const runId = await client.start('approval', [orderId]);
    await client.waitFor(runId, (r) => r.status === 'running');
    await waitForEvent(runId, 'hook_created');
    const cancelled = await client.cancel(runId);
    expect(cancelled.status).toBe('cancelled');
    expect((await client.run(runId)).status).toBe('cancelled');
    expect((await client.events(runId)).at(-1)?.eventType).toBe('run_cancelled');
    const late = await client.resumeHook(`approval:${orderId}`, { approved: true, by: 'late' });
    expect(late.status).toBe(404);
  });

  it('pause holds a run past its timer; resume lets it finish', async () => {
    const runId = await client.start('napThenGreet', ['paula', '2s']);
    await waitForEvent(runId, 'wait_created');
    await client.pause(runId);
    expect((await client.run(runId)).paused).toBe(true);
    await new Promise((r) => setTimeout(r, 4_000)); // well past the 2 s timer
    const held = await client.run(runId);
    expect(held.status).toBe('running');
    expect((await client.events(runId)).map((e) => e.eventType)).not.toContain('wait_completed');
    await client.resume(runId);
    const run = await client.waitFor(runId, isTerminal);
    expect(run).toMatchObject({ status: 'completed', paused: false });
    expect(run.output).toMatchObject({ greeting: 'good morning, paula' });
  });

  it('bulk cancel: one outcome per run in request order, the reason kept on each run_cancelled', async () => {
    const waiting = [await client.start('napThenGreet', ['bulk-1', '1h']), await client.start('napThenGreet', ['bulk-2', '1h'])];
    for (const id of waiting) await waitForEvent(id, 'wait_created');
    const finished = await client.start('processOrder', [`bulk-${crypto.randomUUID()}`, 5]);
    expect((await client.waitFor(finished, isTerminal)).status).toBe('completed');
    const ghost = 'wrun_01KAAAAAAAAAAAAAAAAAAAAAAA';

    // A bad request cancels nothing.
    const duplicate = await client.call('POST', '/cancellations', { runIds: [waiting[0], waiting[0]] });
    expect(duplicate).toMatchObject({ status: 400, json: { error: { code: 'INVALID_ARGUMENT' } } });
    const tooLong = await client.call('POST', '/cancellations', { runIds: waiting, cancelReason: 'x'.repeat(513) });
    expect(tooLong).toMatchObject({ status: 400, json: { error: { code: 'INVALID_ARGUMENT' } } });
    expect((await client.run(waiting[0] as string)).status).toBe('running');

    const { status, json } = await client.call<{ results: unknown[]; summary: Record<string, number> }>('POST', '/cancellations', {
      runIds: [...waiting, finished, ghost],
      cancelReason: 'incident 7',
    });
    expect(status).toBe(200);
    expect(json.results).toEqual([
      { runId: waiting[0], outcome: 'cancelled' },
      { runId: waiting[1], outcome: 'cancelled' },
      { runId: finished, outcome: 'not_cancellable', status: 'completed' },
      { runId: ghost, outcome: 'not_found' },
    ]);
    expect(json.summary).toMatchObject({ requested: 4, cancelled: 2, notCancellable: 1, notFound: 1 });
    for (const id of waiting) {
      expect((await client.run(id)).status).toBe('cancelled');
      expect((await client.events(id)).at(-1)).toMatchObject({ eventType: 'run_cancelled', eventData: { cancelReason: 'incident 7' } });
    }
    // Again: idempotent, and says so.
    const again = await client.call<{ results: unknown[] }>('POST', '/cancellations', { runIds: waiting });
    expect(again.json.results).toEqual(waiting.map((runId) => ({ runId, outcome: 'already_cancelled' })));
  });

  it('cancel with a reason records it on the run_cancelled event', async () => {
    const runId = await client.start('napThenGreet', ['reason', '1h']);
    await waitForEvent(runId, 'wait_created');
    expect(await client.call('POST', `/runs/${runId}/cancel`, { cancelReason: 'customer asked' })).toMatchObject({ status: 200, json: { status: 'cancelled' } });
    expect((await client.events(runId)).at(-1)).toMatchObject({ eventType: 'run_cancelled', eventData: { cancelReason: 'customer asked' } });
  });

  it('retention 0 on a finished run: its object alarm deletes it, and every route answers 404', async () => {
    const runId = await client.start('processOrder', [`expire-${crypto.randomUUID()}`, 3]);
    expect((await client.waitFor(runId, isTerminal)).status).toBe('completed');
    expect(await client.call('POST', `/runs/${runId}/retention`, { retention: 'soon' })).toMatchObject({ status: 400, json: { error: { code: 'INVALID_ARGUMENT' } } });
    const set = await client.call('POST', `/runs/${runId}/retention`, { retention: 0 });
    expect(set).toMatchObject({ status: 200, json: { runId, override: 0, stage: 'scheduled' } });
    const deadline = Date.now() + 60_000;
    let status = 200;
    while (status !== 404 && Date.now() < deadline) {
      status = (await client.call('GET', `/runs/${runId}`)).status;
      if (status !== 404) await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe(404);
    expect((await client.call('GET', `/runs/${runId}/steps`)).status).toBe(404);
    expect((await client.call('GET', `/runs/${runId}/events`)).status).toBe(404);
    // Gone for good: another retention is refused as expired (410), not applied.
    expect((await client.call('POST', `/runs/${runId}/retention`, { retention: 'forever' })).status).toBe(410);
  });

  it('cancel works on a paused run', async () => {
    const runId = await client.start('napThenGreet', ['pat', '1h']);
    await waitForEvent(runId, 'wait_created');
    await client.pause(runId);
    expect((await client.cancel(runId)).status).toBe('cancelled');
  });
});

async function waitForEvent(runId: string, type: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await client.events(runId)).some((e) => e.eventType === type)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${type} event for ${runId}`);
}
