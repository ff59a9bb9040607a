/// <reference types="@cloudflare/vitest-plugin/types" />
/**
 * A step whose stream write was refused for good (a chunk over the limit) fails instead of completing: the
 * DevKit flushes step streams beside `step_completed` and only logs a failed flush, so the storage waits for the
 * step's writes in flight and records `step_failed` naming the reason. Other steps, and callers outside a step,
 * are unaffected.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { enc, newStep, SPEC, startedRun, unique } from '@workflow-world-cloudflare/core/testing';
import type { Storage } from '@workflow/world';
import { describe, expect, it } from 'vitest';
import { noteStepBackground, trackStepWrite, withStepInvocation } from '../src/index.js';
import { createTestStorage } from './helpers.js';

const tooLarge = () =>
  new CloudflareWorldError('PAYLOAD_TOO_LARGE', 'Stream chunk 0 is 30000009 bytes, too large to store (limit 26214400 bytes, MAX_PAYLOAD_BYTES)');
const isTooLarge = (e: unknown) => CloudflareWorldError.is(e) && e.code === 'PAYLOAD_TOO_LARGE';

async function startedStep(storage: Storage): Promise<{ runId: string; stepId: string }> {
  const runId = await startedRun(storage);
  const stepId = unique('step');
  await newStep(storage, runId, stepId);
  await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: stepId });
  return { runId, stepId };
}

const completed = (stepId: string) => ({ eventType: 'step_completed', specVersion: SPEC, correlationId: stepId, eventData: { result: enc('r') } }) as const;

describe('stream writes a step lost for good', () => {
  it('a refused write fails the step once with PAYLOAD_TOO_LARGE instead of completing it', async () => {
    const storage = createTestStorage();
    const { runId, stepId } = await startedStep(storage);
    const result = await withStepInvocation(async () => {
      await trackStepWrite(runId, Promise.reject(tooLarge()), isTooLarge).catch(() => undefined);
      return storage.events.create(runId, completed(stepId));
    });
    expect(result.event?.eventType).toBe('step_failed');
    expect(result.step).toMatchObject({ status: 'failed', attempt: 1 });
    expect(result.step?.error?.message).toMatch(/^PAYLOAD_TOO_LARGE: Stream chunk 0 is 30000009 bytes, too large to store \(limit 26214400 bytes, MAX_PAYLOAD_BYTES\)/);
  });

  it('waits for a write still in flight when step_completed is written', async () => {
    const storage = createTestStorage();
    const { runId, stepId } = await startedStep(storage);
    const result = await withStepInvocation(async () => {
      const late = new Promise((_, reject) => setTimeout(() => reject(tooLarge()), 50));
      void trackStepWrite(runId, late, isTooLarge).catch(() => undefined);
      return storage.events.create(runId, completed(stepId));
    });
    expect(result.step?.status).toBe('failed');
  });

  it('waits for the step’s background flush, which starts the refused write after the step returned', async () => {
    const storage = createTestStorage();
    const { runId, stepId } = await startedStep(storage);
    const result = await withStepInvocation(async () => {
      // What the DevKit hands to waitUntil: its stream flush, whose server write begins later.
      const flush = new Promise((resolve) => setTimeout(resolve, 30)).then(() => trackStepWrite(runId, Promise.reject(tooLarge()), isTooLarge));
      noteStepBackground(flush.catch(() => undefined));
      return storage.events.create(runId, completed(stepId));
    });
    expect(result.step?.status).toBe('failed');
  });

  it('writes that succeed, other errors, and steps outside the invocation complete as usual', async () => {
    const storage = createTestStorage();
    const a = await startedStep(storage);
    const ok = await withStepInvocation(async () => {
      await trackStepWrite(a.runId, Promise.resolve(1), isTooLarge);
      await trackStepWrite(a.runId, Promise.reject(new Error('network blip')), isTooLarge).catch(() => undefined);
      return storage.events.create(a.runId, completed(a.stepId));
    });
    expect(ok.step?.status).toBe('completed');

    const b = await startedStep(storage);
    await withStepInvocation(() => trackStepWrite(b.runId, Promise.reject(tooLarge()), isTooLarge).catch(() => undefined));
    expect((await storage.events.create(b.runId, completed(b.stepId))).step?.status).toBe('completed');
  });
});
