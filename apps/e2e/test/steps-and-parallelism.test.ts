import { describe, expect, it } from 'vitest';
import { isTerminal } from '../src/client.js';
import { client } from './setup.js';

describe('sequential and parallel steps', () => {
  it('processOrder: values flow from step to step, the log is the expected sequence', async () => {
    const runId = await client.start('processOrder', ['o-1', 42]);
    const run = await client.waitFor(runId, isTerminal);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({
      order: { orderId: 'o-1', amount: 42 },
      charge: { chargeId: 'ch_o-1', amount: 42 },
      shipment: 'shipped o-1 after ch_o-1',
    });
    const types = (await client.events(runId)).map((e) => e.eventType);
    expect(types).toEqual([
      'run_created',
      'run_started',
      ...['step_created', 'step_started', 'step_completed'],
      ...['step_created', 'step_started', 'step_completed'],
      ...['step_created', 'step_started', 'step_completed'],
      'run_completed',
    ]);
    const steps = await client.steps(runId);
    expect(steps.map((s) => s.stepName.split('//').pop())).toEqual(['validateOrder', 'chargeCard', 'shipOrder']);
    expect(steps.every((s) => s.status === 'completed' && s.attempt === 1)).toBe(true);
  });

  it('fanOut: Promise.all runs a step per item and keeps their order', async () => {
    const runId = await client.start('fanOut', [[1, 2, 3, 4, 5]]);
    const run = await client.waitFor(runId, isTerminal);
    expect(run.output).toEqual({ squares: [1, 4, 9, 16, 25], total: 55 });
    expect((await client.steps(runId)).length).toBe(5);
  });

  it('race: Promise.race resolves with the first step to finish', async () => {
    const runId = await client.start('race', []);
    const run = await client.waitFor(runId, isTerminal);
    expect(run.output).toEqual({ winner: 'fast' });
  });

  it('bigData: a run input and a step result above 10 KB round-trip through R2', async () => {
    const input = 'x'.repeat(20_000);
    const runId = await client.start('bigData', [input, 60_000]);
    const run = await client.waitFor(runId, isTerminal);
    expect(run.output).toEqual({ inputLength: 20_000, resultLength: 60_000, head: 'xxxxxxxx:' });
  });
});
