/**
 * Values too large to store fail once, for good: a step result over MAX_PAYLOAD_BYTES (25 MiB) fails its step
 * with PAYLOAD_TOO_LARGE naming the size and the limit — the step body is not run again — and the run fails.
 * So does a stream chunk over the limit: no attempt could ever store it.
 */
import { describe, expect, it } from 'vitest';
import { isTerminal } from '../src/client.js';
import { client } from './setup.js';

describe('limits', () => {
  it('a 30 MB step result fails its step at attempt 1 and the run with PAYLOAD_TOO_LARGE', async () => {
    const runId = await client.start('bigData', ['limits-check', 30_000_000]);
    const run = await client.waitFor(runId, isTerminal, 120_000);
    expect(run.status).toBe('failed');
    expect(run.error?.message).toMatch(/PAYLOAD_TOO_LARGE/);
    const [step] = await client.steps(runId);
    expect(step).toMatchObject({ status: 'failed', attempt: 1 });
    expect(step?.error?.message).toMatch(/PAYLOAD_TOO_LARGE: the step's result is \d+ bytes, too large to store \(limit 26214400 bytes\)/);
  });

  it('a 30 MB stream chunk fails its step at attempt 1 (FatalError, PAYLOAD_TOO_LARGE) and the run, nothing retried', async () => {
    const runId = await client.start('bigChunk', [30_000_000]);
    const run = await client.waitFor(runId, isTerminal, 120_000);
    expect(run.status).toBe('failed');
    expect(run.error?.message).toMatch(/PAYLOAD_TOO_LARGE/);
    const [step] = await client.steps(runId);
    expect(step).toMatchObject({ status: 'failed', attempt: 1 });
    expect(step?.error?.message).toMatch(/PAYLOAD_TOO_LARGE: Stream chunk 0 is \d+ bytes, too large to store \(limit 26214400 bytes, MAX_PAYLOAD_BYTES\)/);
    const types = (await client.events(runId)).map((e) => e.eventType);
    expect(types).not.toContain('step_retrying');
  });
});
