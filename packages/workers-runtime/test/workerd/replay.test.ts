import { describe, expect, it } from 'vitest';
import { completeStep, createTestRun, drive, failStep, replay, type TestRun, workflowId } from './harness.js';

const SEQUENTIAL = workflowId('sequential', 'sequential');

async function suspendedItems(test: TestRun) {
  const outcome = await replay(test);
  if (outcome.kind !== 'suspended') throw new Error(`expected a suspension, got ${outcome.kind}`);
  return outcome.items;
}

describe('runWorkflow over the precompiled bundle', () => {
  it('suspends on the first step of a fresh run', async () => {
    const test = await createTestRun(SEQUENTIAL, [5], 'wrun_seq_first');
    const items = await suspendedItems(test);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ type: 'step', stepName: 'step//./workflows/sequential//add', args: [5, 1] });
  });

  it('moves to the next step after step_completed', async () => {
    const test = await createTestRun(SEQUENTIAL, [5], 'wrun_seq_progress');
    const [first] = await suspendedItems(test);
    if (!first) throw new Error('no pending step');
    await completeStep(test, first, 6);
    const second = await suspendedItems(test);
    expect(second.map((i) => [i.stepName, i.args])).toEqual([['step//./workflows/sequential//add', [6, 10]]]);
    expect(second[0]?.correlationId).not.toBe(first.correlationId);
  });

  it('completes with the value the workflow returns', async () => {
    const test = await createTestRun(SEQUENTIAL, [5], 'wrun_seq_done');
    expect(await drive(test)).toMatchObject({ kind: 'completed', output: { first: 6, second: 16 }, replays: 3 });
  });

  it('gives identical results when the same log is replayed twice', async () => {
    const test = await createTestRun(SEQUENTIAL, [7], 'wrun_seq_twice');
    await drive(test);
    const a = await replay(test);
    const b = await replay(test);
    expect(a.kind).toBe('completed');
    if (a.kind !== 'completed' || b.kind !== 'completed') return;
    expect(b.raw).toEqual(a.raw);
    expect(b.output).toEqual({ first: 8, second: 18 });
    // Suspensions replay identically too (same correlation ids from the seeded ULIDs).
    const fresh = await createTestRun(SEQUENTIAL, [7], 'wrun_seq_twice');
    expect(await suspendedItems(fresh)).toEqual(await suspendedItems(fresh));
  });

  it('runs Promise.all branches as parallel steps', async () => {
    const test = await createTestRun(workflowId('parallel', 'fanOut'), [[1, 2, 3]], 'wrun_fan_out');
    const items = await suspendedItems(test);
    expect(items.map((i) => i.args)).toEqual([[1], [2], [3]]);
    expect(new Set(items.map((i) => i.correlationId)).size).toBe(3);
    expect(await drive(test)).toMatchObject({ kind: 'completed', output: 12 });
  });

  it('suspends on sleep() with a wait, and resumes after wait_completed', async () => {
    const test = await createTestRun(workflowId('timers', 'napThenGreet'), ['ada'], 'wrun_nap');
    const items = await suspendedItems(test);
    expect(items).toHaveLength(1);
    // resumeAt comes from core's own (host-side) clock, as under node:vm.
    expect(items[0]).toMatchObject({ type: 'wait', resumeAt: expect.any(Date) });
    expect(await drive(test)).toMatchObject({ kind: 'completed', output: 'good morning, ada' });
  });

  it('rethrows a step FatalError from the workflow', async () => {
    const test = await createTestRun(workflowId('sequential', 'failing'), ['card declined'], 'wrun_fatal');
    const [item] = await suspendedItems(test);
    if (!item) throw new Error('no pending step');
    failStep(test, item, 'card declined');
    const outcome = await replay(test);
    expect(outcome.kind).toBe('failed');
    if (outcome.kind !== 'failed') return;
    expect(outcome.error.name).toBe('FatalError');
    expect(outcome.error.message).toBe('card declined');
  });

  it('creates a hook with its token and resumes with the received payload', async () => {
    const test = await createTestRun(workflowId('hooks', 'awaitApproval'), ['ord_1'], 'wrun_hook');
    const items = await suspendedItems(test);
    expect(items).toEqual([expect.objectContaining({ type: 'hook', token: 'approval:ord_1' })]);
    expect(await drive(test, { approved: true, by: 'grace' })).toMatchObject({
      kind: 'completed',
      output: { orderId: 'ord_1', approved: true, by: 'grace' },
    });
  });

  it('passes the run writable from getWritable() to a step', async () => {
    const test = await createTestRun(workflowId('streams', 'streamGreeting'), ['bob'], 'wrun_stream');
    const [item] = await suspendedItems(test);
    expect(item?.stepName).toBe('step//./workflows/streams//writeGreeting');
    expect(item?.args?.[1]).toBe('bob');
    // core's in-workflow WritableStream stand-in (it installs its own class on the context).
    expect((item?.args?.[0] as object).constructor.name).toBe('WritableStream');
    expect(await drive(test)).toMatchObject({ kind: 'completed', output: { written: 3 } });
  });

  it('fails with WorkflowNotRegisteredError for a name the bundle does not hold', async () => {
    const test = await createTestRun('workflow//./workflows/missing//nope', [], 'wrun_missing');
    const outcome = await replay(test);
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') expect(outcome.error.name).toBe('WorkflowNotRegisteredError');
  });
});
