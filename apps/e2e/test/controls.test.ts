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
