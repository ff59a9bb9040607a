/**
 * Values too large to store fail once, for good: a step result over MAX_PAYLOAD_BYTES (25 MiB) fails its step
 * with PAYLOAD_TOO_LARGE naming the size and the limit — the step body is not run again — and the run fails.
 * So does a stream chunk over the limit: no attempt could ever store it. A run whose log reaches
 * MAX_EVENTS_PER_RUN fails with MAX_EVENTS_EXCEEDED instead of growing without bound.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient, isTerminal } from '../src/client.js';
import { type DevServer, startDevServer } from '../src/dev-server.js';
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

describe('MAX_EVENTS_PER_RUN', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wwc-e2e-limits-'));
  let server: DevServer | undefined;
  beforeAll(async () => {
    server = await startDevServer({ persistTo: join(dir, 'state'), vars: { MAX_EVENTS_PER_RUN: '30' } });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a run whose log reaches the ceiling fails with MAX_EVENTS_EXCEEDED; a run below it completes', async () => {
    const limited = createClient(server!.url, server!.apiToken);
    // 20 parallel steps: 2 run events + 20 × (created, started, completed) = 62 events, over 30. The steps
    // already dispatched finish; the next replay finds the log at the ceiling and fails the run instead of
    // completing it.
    const runaway = await limited.start('fanOut', [Array.from({ length: 20 }, (_, i) => i)]);
    const failed = await limited.waitFor(runaway, isTerminal, 120_000);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ code: 'MAX_EVENTS_EXCEEDED', message: expect.stringMatching(/maximum of 30 events per run/) });
    const types = (await limited.events(runaway)).map((e) => e.eventType);
    // (Steps still running when it failed may report afterwards: a terminal run accepts their late results.)
    expect(types.filter((t) => t === 'run_failed')).toHaveLength(1);
    expect(types).not.toContain('run_completed');
    // 3 steps: 2 + 9 + run_completed = 12 events, under the ceiling.
    const small = await limited.start('fanOut', [[1, 2, 3]]);
    expect(await limited.waitFor(small, isTerminal, 120_000)).toMatchObject({ status: 'completed', output: { total: 14 } });
  });
});
