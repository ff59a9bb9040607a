import { describe, expect, it } from 'vitest';
import { completeStep, createTestRun, drive, replay, workflowId } from './harness.js';

const SEQUENTIAL = workflowId('sequential', 'sequential');

describe('runWorkflow over the precompiled bundle', () => {
  it('suspends on the first step of a fresh run', async () => {
    const test = await createTestRun(SEQUENTIAL, [5], 'wrun_seq_first');
    const outcome = await replay(test);
    expect(outcome.kind).toBe('suspended');
    if (outcome.kind !== 'suspended') return;
    expect(outcome.items).toHaveLength(1);
    expect(outcome.items[0]).toMatchObject({ type: 'step', stepName: 'step//./workflows/sequential//add', args: [5, 1] });
  });

  it('moves to the next step after step_completed', async () => {
    const test = await createTestRun(SEQUENTIAL, [5], 'wrun_seq_progress');
    const first = await replay(test);
    if (first.kind !== 'suspended' || !first.items[0]) throw new Error('expected a suspension');
    await completeStep(test, first.items[0], 6);
    const second = await replay(test);
    expect(second.kind).toBe('suspended');
    if (second.kind !== 'suspended') return;
    expect(second.items.map((i) => [i.stepName, i.args])).toEqual([['step//./workflows/sequential//add', [6, 10]]]);
    expect(second.items[0]?.correlationId).not.toBe(first.items[0].correlationId);
  });

  it('completes with the value the workflow returns', async () => {
    const test = await createTestRun(SEQUENTIAL, [5], 'wrun_seq_done');
    const outcome = await drive(test);
    expect(outcome).toMatchObject({ kind: 'completed', output: { first: 6, second: 16 }, replays: 3 });
  });
});
