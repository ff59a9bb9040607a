/**
 * With the real DevKit runtime under wrangler dev: a run executes in its object — one replay at a time while
 * 20 steps run at once, each event row read once however many replays there were, each step's end written from
 * its delivery's answer, nothing left in the inbox.
 */
import { describe, expect, it } from 'vitest';
import { isTerminal } from '../src/client.js';
import { client } from './setup.js';

describe('run execution in the run object', () => {
  it('fanOut(20): the steps run concurrently, the replays one at a time, one replay per wake at most', async () => {
    const items = Array.from({ length: 20 }, (_, i) => i + 1);
    const runId = await client.start('fanOut', [items]);
    const run = await client.waitFor(runId, isTerminal);
    expect(run.output).toEqual({ squares: items.map((n) => n * n), total: items.reduce((s, n) => s + n * n, 0) });
    const execution = await client.execution(runId);
    expect(execution.maxConcurrentFlows).toBe(1);
    expect(execution.stepDeliveries).toBe(20);
    expect(execution.maxConcurrentSteps).toBeGreaterThan(1);
    // The start and 20 finished steps wake the run 21 times: never more replays than that, however the wakes
    // fell (those that arrive during a replay ride along with the next one).
    expect(execution.flowDeliveries).toBeLessThanOrEqual(21);
    expect(execution.flowDeliveries + execution.coalescedWakes).toBe(21);
    expect(execution.inbox).toEqual([]);
  });

  it('processOrder: every replay reads only the events it has not seen', async () => {
    const runId = await client.start('processOrder', ['o-reads', 7]);
    const run = await client.waitFor(runId, isTerminal);
    expect(run.status).toBe('completed');
    const events = await client.events(runId);
    const execution = await client.execution(runId);
    // Four replays over a growing log of 12 events: a re-reading replay would read 30+ rows.
    expect(execution.flowDeliveries).toBe(4);
    expect(execution.eventRowsRead).toBeLessThanOrEqual(events.length);
  });

  it("processOrder: each step's step_completed comes back in its delivery's answer, not as a call of its own", async () => {
    const runId = await client.start('processOrder', ['o-ends', 3]);
    const run = await client.waitFor(runId, isTerminal);
    expect(run.status).toBe('completed');
    const ends = (await client.events(runId)).filter((e) => e.eventType === 'step_completed');
    expect(ends.length).toBeGreaterThan(0);
    const { eventWrites } = await client.execution(runId);
    // The step invocations ran in separate invocations of the Worker (the loopback), each answering with its end;
    // over the binding came start()'s run_created alone.
    expect(eventWrites.stepAnswer).toBe(ends.length);
    expect(eventWrites.rpc).toBe(1);
  });
});
