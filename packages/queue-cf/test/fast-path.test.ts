/// <reference types="@cloudflare/vitest-plugin/types" />
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { createTestQueue, recorderOf } from './behaviour.js';
import { coordinator, stepPayload } from './helpers.js';

describe('fast path', () => {
  it('runs the message in this isolate after one coordinator round trip, with attempt 1, and acks it', async () => {
    const ctx = createExecutionContext();
    const q = createTestQueue(env, { waitUntil: (p) => ctx.waitUntil(p) });
    const calls: { payload: unknown; attempt: number; messageId: string }[] = [];
    q.createQueueHandler('__wkf_step_', async (payload, meta) => {
      calls.push({ payload, attempt: meta.attempt, messageId: meta.messageId });
    });
    const payload = stepPayload();
    const { messageId } = await q.queue('__wkf_step_myStep', payload);
    expect(messageId).toMatch(/^msg_[0-9A-Z]{26}$/);
    await waitOnExecutionContext(ctx);
    expect(calls).toEqual([{ payload, attempt: 1, messageId }]);
    const snap = await coordinator(`run:${payload.workflowRunId}`).snapshot();
    expect(snap.messages).toEqual([]);
  });

  it('works with the default waitUntil from cloudflare:workers', async () => {
    const q = createTestQueue(env);
    const seen: string[] = [];
    q.createQueueHandler('__wkf_workflow_', async (_payload, meta) => {
      seen.push(meta.messageId);
    });
    const runId = stepPayload().workflowRunId;
    const { messageId } = await q.queue('__wkf_workflow_wf', { runId, runInput: undefined });
    await vi.waitFor(() => expect(seen).toEqual([messageId]));
  });

  it('{ timeoutSeconds: 0 } runs again at once with the same messageId and attempt + 1', async () => {
    const ctx = createExecutionContext();
    const q = createTestQueue(env, { waitUntil: (p) => ctx.waitUntil(p), maxAttempts: 10 });
    const attempts: [string, number][] = [];
    q.createQueueHandler('__wkf_step_', async (_p, meta) => {
      attempts.push([meta.messageId, meta.attempt]);
      return meta.attempt < 3 ? { timeoutSeconds: 0 } : undefined;
    });
    const { messageId } = await q.queue('__wkf_step_s', stepPayload());
    await waitOnExecutionContext(ctx);
    expect(attempts).toEqual([
      [messageId, 1],
      [messageId, 2],
      [messageId, 3],
    ]);
  });

  it('a handler that throws in-process is redelivered through the Cloudflare Queue with attempt 2', async () => {
    const ctx = createExecutionContext();
    const q = createTestQueue(env, { waitUntil: (p) => ctx.waitUntil(p) });
    let local = 0;
    q.createQueueHandler('__wkf_step_', async () => {
      local++;
      throw new Error('boom');
    });
    const payload = stepPayload();
    const { messageId } = await q.queue('__wkf_step_s', payload);
    await waitOnExecutionContext(ctx);
    expect(local).toBe(1);
    // The worker's own consumer (a different registry) now gets attempt 2.
    await vi.waitFor(async () => {
      const calls = await recorderOf(env).calls(payload.workflowRunId);
      expect(calls.map((c) => [c.messageId, c.attempt])).toEqual([[messageId, 2]]);
    });
  });
});

describe("fastPath: 'workflow'", () => {
  it('runs workflow messages in this isolate and sends step messages through the Cloudflare Queue', async () => {
    const ctx = createExecutionContext();
    const q = createTestQueue(env, { waitUntil: (p) => ctx.waitUntil(p), fastPath: 'workflow' });
    const local: string[] = [];
    q.createQueueHandler('__wkf_workflow_', async (_p, meta) => {
      local.push(meta.messageId);
    });
    q.createQueueHandler('__wkf_step_', async (_p, meta) => {
      local.push(meta.messageId);
    });
    const payload = stepPayload();
    const flow = await q.queue('__wkf_workflow_wf', { runId: payload.workflowRunId });
    const step = await q.queue('__wkf_step_s', payload);
    await waitOnExecutionContext(ctx);
    expect(local).toEqual([flow.messageId]);
    const snap = await coordinator(`run:${payload.workflowRunId}`).snapshot();
    expect(snap.messages).toEqual([expect.objectContaining({ messageId: step.messageId, state: 'sent', attempt: 1 })]);
  });
});
