/// <reference types="@cloudflare/vitest-plugin/types" />
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { WorkflowRunObject } from '../src/index.js';
import { allEvents, freshRunId, SPEC, startedRun, unique } from '@workflow-world-cloudflare/core/testing';
import { createTestStorage, runStubOf, TEST_MAX_PAYLOAD_BYTES } from './helpers.js';

function pattern(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
}

async function blobsOf(runId: string): Promise<R2Object[]> {
  return (await env.BUCKET.list({ prefix: `payloads/${runId}/` })).objects;
}

async function storedRow(runId: string, sql: string): Promise<string> {
  return runInDurableObject(runStubOf(runId), (_: WorkflowRunObject, state) => String(state.storage.sql.exec(sql).one().data));
}

describe('large payloads in R2', () => {
  it.each([1024 * 1024, 5 * 1024 * 1024])('a %i byte run input lands in R2; rows keep a reference; reads return the same bytes', async (size) => {
    const storage = createTestStorage();
    const input = pattern(size);
    const created = await storage.events.create(null, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName: unique('big'), input } });
    const runId = created.run?.runId ?? '';
    expect(created.run?.input).toEqual(input);

    const blobs = await blobsOf(runId);
    expect(blobs).toHaveLength(1);
    expect(blobs[0]?.size).toBe(size);
    expect(await env.BUCKET.head(blobs[0]?.key ?? '')).not.toBeNull();

    const runRow = await storedRow(runId, 'SELECT data FROM wf_run');
    const eventRow = await storedRow(runId, "SELECT data FROM wf_events WHERE event_type = 'run_created'");
    for (const row of [runRow, eventRow]) {
      expect(row.length).toBeLessThan(2000);
      expect(row).toContain('"$blob"');
    }

    const run = await storage.runs.get(runId);
    expect(run.input).toEqual(input);
    const [event] = await allEvents(storage, runId);
    expect(event?.eventType === 'run_created' && event.eventData.input).toEqual(input);
  });

  it("resolveData 'none' never reads R2 (it works with the blob gone), 'all' does", async () => {
    const storage = createTestStorage();
    const workflowName = unique('none');
    const created = await storage.events.create(null, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName, input: pattern(64 * 1024) } });
    const runId = created.run?.runId ?? '';
    await env.BUCKET.delete((await blobsOf(runId)).map((b) => b.key));

    expect((await storage.runs.get(runId, { resolveData: 'none' })).input).toBeUndefined();
    expect((await storage.runs.list({ workflowName, resolveData: 'none' })).data).toHaveLength(1);
    expect((await storage.events.list({ runId, resolveData: 'none' })).data).toHaveLength(1);
    await expect(storage.runs.get(runId)).rejects.toMatchObject({ code: 'BLOB_MISSING' });
  });

  it('blobs of a refused event, a hook_conflict or an idempotent start are deleted again', async () => {
    const storage = createTestStorage();
    const runId = freshRunId();
    const big = pattern(32 * 1024);
    await storage.events.create(runId, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName: 'w', input: new Uint8Array([1]) } });
    await storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: 's', eventData: { stepName: 'n', input: big } });
    expect(await blobsOf(runId)).toHaveLength(1);

    await expect(storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: 's', eventData: { stepName: 'n', input: big } })).rejects.toMatchObject({ name: 'EntityConflictError' });
    await storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName: 'w', input: big } });
    const token = unique('t');
    const holder = freshRunId();
    await storage.events.create(holder, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName: 'w', input: new Uint8Array([1]) } });
    await storage.events.create(holder, { eventType: 'hook_created', specVersion: SPEC, correlationId: unique('h'), eventData: { token } });
    const conflict = await storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: unique('h'), eventData: { token, metadata: big } });
    expect(conflict.event?.eventType).toBe('hook_conflict');

    expect(await blobsOf(runId)).toHaveLength(1);
  });

  it('payload errors above the threshold go to R2 and still give the entity its message', async () => {
    const storage = createTestStorage();
    const runId = freshRunId();
    await storage.events.create(runId, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'd', workflowName: 'w', input: new Uint8Array([1]) } });
    const error = { message: 'big failure', stack: 'x'.repeat(20_000) };
    const failed = await storage.events.create(runId, { eventType: 'run_failed', specVersion: SPEC, eventData: { error } });
    expect(failed.run?.error).toEqual({ message: 'big failure', stack: error.stack });
    expect(await blobsOf(runId)).toHaveLength(1);
    const events = await allEvents(storage, runId);
    expect(events[1]?.eventType === 'run_failed' && events[1].eventData.error).toEqual(error);
  });

  it('a step result or run output over MAX_PAYLOAD_BYTES fails the step / run for good, naming size and limit, storing nothing', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    const stepId = unique('step');
    await storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: stepId, eventData: { stepName: 'big', input: pattern(10) } });
    await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: stepId });
    const tooBig = TEST_MAX_PAYLOAD_BYTES + 1;
    const result = await storage.events.create(runId, { eventType: 'step_completed', specVersion: SPEC, correlationId: stepId, eventData: { result: pattern(tooBig) } });
    expect(result.event?.eventType).toBe('step_failed');
    const step = await storage.steps.get(runId, stepId);
    expect(step.status).toBe('failed');
    expect(step.error?.message).toMatch(new RegExp(`PAYLOAD_TOO_LARGE.*${tooBig} bytes.*limit ${TEST_MAX_PAYLOAD_BYTES} bytes.*MAX_PAYLOAD_BYTES`));

    const ended = await storage.events.create(runId, { eventType: 'run_completed', specVersion: SPEC, eventData: { output: pattern(tooBig) } });
    expect(ended.run?.status).toBe('failed');
    expect(ended.run?.error).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining(`${tooBig} bytes`) });
    expect(await blobsOf(runId)).toEqual([]);
  });
});
