import { describe, expect, it } from 'vitest';
import { createTestRun, drive, replay, STARTED_AT, workflowId } from './harness.js';

const ENTROPY = workflowId('entropy', 'entropy');

/** Eight different runs: every workflow kind of the fixture, different inputs and run ids. */
const RUNS: [string, unknown[]][] = [
  [workflowId('sequential', 'sequential'), [1]],
  [workflowId('parallel', 'fanOut'), [[1, 2, 3, 4]]],
  [workflowId('timers', 'napThenGreet'), ['ada']],
  [workflowId('hooks', 'awaitApproval'), ['ord_9']],
  [workflowId('streams', 'streamGreeting'), ['lin']],
  [ENTROPY, []],
  [ENTROPY, []],
  [workflowId('sequential', 'sequential'), [100]],
];

async function driveRun(index: number) {
  const [name, args] = RUNS[index] as [string, unknown[]];
  const test = await createTestRun(name, args, `wrun_iso_${index}`);
  const outcome = await drive(test);
  return { outcome, events: test.events.map((e) => [e.eventType, e.correlationId]) };
}

describe('determinism and isolation', () => {
  it('seeds Math.random, crypto and fixes Date per run', async () => {
    const test = await createTestRun(ENTROPY, [], 'wrun_entropy_a');
    const a = await replay(test);
    const again = await replay(test);
    const other = await replay(await createTestRun(ENTROPY, [], 'wrun_entropy_b'));
    if (a.kind !== 'completed' || again.kind !== 'completed' || other.kind !== 'completed') {
      throw new Error('entropy workflow did not complete');
    }
    const value = a.output as { random: number[]; now: number; iso: string; dateString: string; uuid: string; bytes: number[] };
    expect(again.output).toEqual(value);
    expect(value.now).toBe(STARTED_AT.getTime() + 1000); // the run_started event's time
    expect(value.iso).toBe(new Date(value.now).toISOString());
    expect(value.dateString).toBe('string');
    expect(value.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(value.random[0]).not.toBe(value.random[1]);
    const otherValue = other.output as typeof value;
    expect(otherValue.random).not.toEqual(value.random);
    expect(otherValue.uuid).not.toBe(value.uuid);
  });

  it('runs 8 different runs in parallel exactly as one by one', async () => {
    const sequential = [];
    for (let i = 0; i < RUNS.length; i++) sequential.push(await driveRun(i));
    const parallel = await Promise.all(RUNS.map((_, i) => driveRun(i)));
    expect(parallel).toEqual(sequential);
    expect(sequential.every((r) => r.outcome.kind === 'completed')).toBe(true);
    // The two entropy runs differ only by run id, and so must their values.
    expect(sequential[5]?.outcome).not.toEqual(sequential[6]?.outcome);
  });

  it('never mutates the real globals', async () => {
    // core polyfills these on the context's intrinsics only when missing: workerd has them natively.
    const toBase64 = (Uint8Array.prototype as { toBase64?: unknown }).toBase64;
    expect(String(toBase64)).toContain('[native code]');
    expect(typeof Symbol.dispose).toBe('symbol');
    const random = Math.random;
    const date = globalThis.Date;
    const now = Date.now;
    const cryptoObject = (globalThis as { crypto?: unknown }).crypto;
    await Promise.all([driveRun(0), driveRun(5), driveRun(1)]);
    expect(Math.random).toBe(random);
    expect((Uint8Array.prototype as { toBase64?: unknown }).toBase64).toBe(toBase64);
    expect(globalThis.Date).toBe(date);
    expect(Date.now).toBe(now);
    expect((globalThis as { crypto?: unknown }).crypto).toBe(cryptoObject);
    expect('__private_workflows' in globalThis).toBe(false);
    expect(typeof (globalThis as { setTimeout?: unknown }).setTimeout).toBe('function');
    expect(() => setTimeout(() => {}, 0)).not.toThrow();
  });
});
