import { describe, expect, it } from 'vitest';
import { isTerminal } from '../src/client.js';
import { client, ms } from './setup.js';

describe('retries', () => {
  it('flaky: RetryableError twice, then success on attempt 3, each retry at least 1 s after the last attempt', async () => {
    const runId = await client.start('flaky', []);
    const run = await client.waitFor(runId, isTerminal);
    expect(run.status).toBe('completed');
    expect(run.output).toEqual({ attempt: 3 });

    const events = await client.events(runId);
    const stepEvents = events.filter((e) => e.eventType.startsWith('step_')).map((e) => e.eventType);
    expect(stepEvents).toEqual([
      'step_created',
      'step_started',
      'step_retrying',
      'step_started',
      'step_retrying',
      'step_started',
      'step_completed',
    ]);
    const retrying = events.filter((e) => e.eventType === 'step_retrying');
    const started = events.filter((e) => e.eventType === 'step_started');
    for (let i = 0; i < 2; i++) {
      expect(ms(started[i + 1]!.createdAt) - ms(retrying[i]!.createdAt)).toBeGreaterThanOrEqual(1000);
    }
    const [step] = await client.steps(runId);
    expect(step).toMatchObject({ status: 'completed', attempt: 3 });
  });

  it('fatal: a FatalError fails the run at once with its message, no retry', async () => {
    const runId = await client.start('fatal', ['card declined']);
    const run = await client.waitFor(runId, isTerminal);
    expect(run.status).toBe('failed');
    expect(run.error?.message).toContain('card declined');
    const types = (await client.events(runId)).map((e) => e.eventType);
    expect(types.filter((t) => t === 'step_started')).toHaveLength(1);
    expect(types).toContain('step_failed');
    expect(types.at(-1)).toBe('run_failed');
  });
});
