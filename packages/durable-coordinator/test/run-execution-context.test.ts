/// <reference types="@cloudflare/vitest-plugin/types" />
/**
 * A storage's `runExecutionContext` is stamped onto every run it creates (the umbrella records how the run's
 * sandbox draws randomness there), beside what the caller passed, which wins on a clash.
 */
import { env } from 'cloudflare:test';
import { enc, freshRunId, SPEC, unique } from '@workflow-world-cloudflare/core/testing';
import { describe, expect, it } from 'vitest';
import { createRunControls } from '../src/index.js';
import { createTestStorage } from './helpers.js';

describe('runExecutionContext', () => {
  it('is merged into run_created, kept by runs.get, and reported by inspect', async () => {
    const storage = createTestStorage({ runExecutionContext: { sandboxRandomness: 'keyed-v1:0123456789abcdef', shared: 'storage' } });
    const created = await storage.events.create(null, {
      eventType: 'run_created',
      specVersion: SPEC,
      eventData: { deploymentId: 'dep-test', workflowName: unique('wf'), input: enc('in'), executionContext: { shared: 'caller', trace: 't1' } },
    });
    const runId = created.run!.runId;
    const expected = { sandboxRandomness: 'keyed-v1:0123456789abcdef', shared: 'caller', trace: 't1' };
    expect(created.run!.executionContext).toEqual(expected);
    expect((await storage.runs.get(runId)).executionContext).toEqual(expected);
    expect((await createRunControls({ runs: env.WORKFLOW_RUN }).inspect(runId)).sandboxRandomness).toBe('keyed-v1:0123456789abcdef');
  });

  it('is merged when the run is created by a run_started carrying its creation data (resilient start)', async () => {
    const storage = createTestStorage({ runExecutionContext: { sandboxRandomness: 'keyed-v1:0123456789abcdef' } });
    const runId = freshRunId();
    const started = await storage.events.create(runId, {
      eventType: 'run_started',
      specVersion: SPEC,
      eventData: { deploymentId: 'dep-test', workflowName: unique('wf'), input: enc('in'), executionContext: { trace: 't2' } },
    } as never);
    expect(started.run!.executionContext).toEqual({ sandboxRandomness: 'keyed-v1:0123456789abcdef', trace: 't2' });
    // start()'s own run_created, arriving second, is a conflict and changes nothing.
    await expect(
      storage.events.create(runId, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'dep-test', workflowName: 'wf', input: enc('in') } }),
    ).rejects.toMatchObject({ name: 'EntityConflictError' });
    expect((await storage.runs.get(runId)).executionContext).toEqual({ sandboxRandomness: 'keyed-v1:0123456789abcdef', trace: 't2' });
  });

  it('is absent when the storage has none', async () => {
    const storage = createTestStorage();
    const created = await storage.events.create(null, {
      eventType: 'run_created',
      specVersion: SPEC,
      eventData: { deploymentId: 'dep-test', workflowName: unique('wf'), input: enc('in') },
    });
    expect(created.run!.executionContext?.sandboxRandomness).toBeUndefined();
    expect((await createRunControls({ runs: env.WORKFLOW_RUN }).inspect(created.run!.runId)).sandboxRandomness).toBeUndefined();
  });
});
