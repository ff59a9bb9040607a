/// <reference types="@cloudflare/vitest-plugin/types" />
import { env, evictDurableObject } from 'cloudflare:test';
import { allEvents, enc, freshRunId, newRun, SPEC, startedRun, unique } from '@workflow-world-cloudflare/core/testing';
import type { WorkflowRun } from '@workflow/world';
import { describe, expect, it } from 'vitest';
import { createRunControls } from '../src/index.js';
import { createTestStorage, runStubOf } from './helpers.js';

const controls = () => createRunControls({ runs: env.WORKFLOW_RUN });

async function indexRow(runId: string): Promise<{ version: number; data: string }> {
  const row = await env.DB.prepare('SELECT version, data FROM wf_runs WHERE run_id = ?').bind(runId).first<{ version: number; data: string }>();
  if (!row) throw new Error(`no index row for ${runId}`);
  return row;
}

async function listed(workflowName: string): Promise<WorkflowRun[]> {
  return (await createTestStorage().runs.list({ workflowName })).data;
}

describe('pause flag', () => {
  it('shows on runs.get and runs.list while paused, keeps the run’s own executionContext, writes no event', async () => {
    const storage = createTestStorage();
    const workflowName = unique('paused');
    const created = await storage.events.create(null, {
      eventType: 'run_created',
      specVersion: SPEC,
      eventData: { deploymentId: 'd', workflowName, input: enc('i'), executionContext: { traceCarrier: { a: '1' } } },
    });
    const runId = created.run?.runId ?? '';
    const before = await allEvents(storage, runId);
    const versionBefore = (await indexRow(runId)).version;

    const state = await controls().setPaused(runId, true);
    expect(state.paused).toBe(true);
    expect(new Date(state.pausedAt ?? '').toISOString()).toBe(state.pausedAt);
    const run = await storage.runs.get(runId);
    expect(run.executionContext).toEqual({ traceCarrier: { a: '1' }, paused: true, pausedAt: state.pausedAt });
    expect((await listed(workflowName))[0]?.executionContext).toEqual(run.executionContext);
    expect((await indexRow(runId)).version).toBe(versionBefore + 1); // bumped, so D1 took the new snapshot

    expect(await controls().setPaused(runId, false)).toEqual({ paused: false });
    const resumed = await storage.runs.get(runId);
    expect(resumed.executionContext).toEqual({ traceCarrier: { a: '1' } });
    expect((await listed(workflowName))[0]?.executionContext).toEqual({ traceCarrier: { a: '1' } });
    expect((await indexRow(runId)).version).toBe(versionBefore + 2);
    // Replay sees exactly the log it saw before: pause and resume are not events.
    expect(await allEvents(storage, runId)).toEqual(before);
  });

  it('is idempotent: racing pauses keep one pausedAt and bump the index version once', async () => {
    const storage = createTestStorage();
    const runId = await newRun(storage);
    const versionBefore = (await indexRow(runId)).version;
    const states = await Promise.all(Array.from({ length: 10 }, () => controls().setPaused(runId, true)));
    expect(new Set(states.map((s) => s.pausedAt)).size).toBe(1);
    expect((await storage.runs.get(runId)).executionContext?.pausedAt).toBe(states[0]?.pausedAt);
    expect((await indexRow(runId)).version).toBe(versionBefore + 1);
    const resumes = await Promise.all(Array.from({ length: 5 }, () => controls().setPaused(runId, false)));
    expect(resumes).toEqual(Array(5).fill({ paused: false }));
    expect((await indexRow(runId)).version).toBe(versionBefore + 2);
    expect((await storage.runs.get(runId)).executionContext).toBeUndefined();
  });

  it('events written while paused return and index the run with the flag', async () => {
    const storage = createTestStorage();
    const workflowName = unique('paused-start');
    const runId = await newRun(storage, { workflowName });
    await controls().setPaused(runId, true);
    const started = await storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC });
    expect(started.run?.status).toBe('running');
    expect(started.run?.executionContext?.paused).toBe(true);
    // The writing storage's runs.list flushes the runs it wrote (run_started's snapshot may still wait in the outbox).
    const [row] = (await storage.runs.list({ workflowName })).data;
    expect(row?.status).toBe('running');
    expect(row?.executionContext?.paused).toBe(true);
  });

  it('unknown runs are WorkflowRunNotFoundError; pausing a terminal run is EntityConflictError and writes nothing', async () => {
    await expect(controls().setPaused(freshRunId(), true)).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
    await expect(controls().setPaused(freshRunId(), false)).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    await storage.events.create(runId, { eventType: 'run_completed', specVersion: SPEC, eventData: { output: enc('o') } });
    const version = (await indexRow(runId)).version;
    await expect(controls().setPaused(runId, true)).rejects.toMatchObject({ name: 'EntityConflictError' });
    expect((await storage.runs.get(runId)).executionContext).toBeUndefined();
    expect((await indexRow(runId)).version).toBe(version);
  });

  it('a run that ends while paused no longer shows the flag (terminal runs are immutable); resuming it is a conflict, like pausing', async () => {
    const storage = createTestStorage();
    const workflowName = unique('paused-end');
    const runId = await startedRun(storage, { workflowName });
    await controls().setPaused(runId, true);
    const cancelled = await storage.events.create(runId, { eventType: 'run_cancelled', specVersion: SPEC });
    expect(cancelled.run?.executionContext).toBeUndefined();
    expect((await storage.runs.get(runId)).executionContext).toBeUndefined();
    const [row] = await listed(workflowName);
    expect(row?.status).toBe('cancelled');
    expect(row?.executionContext).toBeUndefined();
    const cancelledRun = await storage.runs.get(runId);
    const version = (await indexRow(runId)).version;
    await expect(controls().setPaused(runId, false)).rejects.toMatchObject({ name: 'EntityConflictError' });
    expect(await storage.runs.get(runId)).toEqual(cancelledRun);
    expect((await indexRow(runId)).version).toBe(version);
  });

  it('survives eviction', async () => {
    const storage = createTestStorage();
    const runId = await newRun(storage);
    const { pausedAt } = await controls().setPaused(runId, true);
    await evictDurableObject(runStubOf(runId));
    expect((await storage.runs.get(runId)).executionContext).toEqual({ paused: true, pausedAt });
  });

  it('the object refuses malformed calls with INVALID_ARGUMENT', async () => {
    const runId = await newRun(createTestStorage());
    const result = await runStubOf(runId).controlSetPaused(runId, 'yes' as never);
    expect(result).toMatchObject({ ok: false, error: { name: 'CloudflareWorldError', code: 'INVALID_ARGUMENT' } });
    expect((await createTestStorage().runs.get(runId)).executionContext).toBeUndefined();
  });
});
