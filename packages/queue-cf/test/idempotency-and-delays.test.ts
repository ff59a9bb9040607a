/// <reference types="@cloudflare/vitest-plugin/types" />
import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { createTestQueue, recorderOf } from './behaviour.js';
import { advanceAndFire, coordinator, stepPayload } from './helpers.js';

describe('idempotency', () => {
  it('20 concurrent queue() calls with one key coalesce into one messageId and one delivery (fast path)', async () => {
    const ctx = createExecutionContext();
    const q = createTestQueue(env, { waitUntil: (p) => ctx.waitUntil(p) });
    const seen: string[] = [];
    q.createQueueHandler('__wkf_step_', async (_p, meta) => void seen.push(meta.messageId));
    const payload = stepPayload();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => q.queue('__wkf_step_s', payload, { idempotencyKey: payload.stepId })),
    );
    const ids = new Set(results.map((r) => r.messageId));
    expect(ids.size).toBe(1);
    await waitOnExecutionContext(ctx);
    expect(seen).toEqual([...ids]);
  });

  it('coalesces through the queue path too, and forgets the key once the message is acked', async () => {
    const q = createTestQueue(env);
    const payload = stepPayload();
    const results = await Promise.all(
      Array.from({ length: 20 }, () => q.queue('__wkf_step_s', payload, { idempotencyKey: 'k1' })),
    );
    const [first] = results;
    expect(results.every((r) => r.messageId === first?.messageId)).toBe(true);
    await vi.waitFor(async () => expect(await recorderOf(env).calls(payload.workflowRunId)).toHaveLength(1));
    await vi.waitFor(async () => expect((await coordinator(`run:${payload.workflowRunId}`).snapshot()).messages).toEqual([]));
    const again = await q.queue('__wkf_step_s', payload, { idempotencyKey: 'k1' });
    expect(again.messageId).not.toBe(first?.messageId);
    await vi.waitFor(async () => expect(await recorderOf(env).calls(payload.workflowRunId)).toHaveLength(2));
  });
});

describe('delays', () => {
  it('a short delay is kept in the coordinator with one alarm at its due time, then delivered', async () => {
    const payload = stepPayload();
    const shard = `run:${payload.workflowRunId}`;
    const before = Date.now();
    const { messageId } = await createTestQueue(env).queue('__wkf_step_s', payload, { delaySeconds: 2 });
    const snap = await coordinator(shard).snapshot();
    expect(snap.messages).toMatchObject([{ messageId, state: 'pending', attempt: 0 }]);
    expect(snap.alarm).toBe(snap.messages[0]?.dueAt);
    expect(snap.alarm).toBeGreaterThanOrEqual(before + 2_000);
    expect(await recorderOf(env).calls(payload.workflowRunId)).toEqual([]);
    await advanceAndFire(shard);
    await vi.waitFor(async () =>
      expect((await recorderOf(env).calls(payload.workflowRunId)).map((c) => [c.messageId, c.attempt])).toEqual([[messageId, 1]]),
    );
  });

  it('a 7-day delay (beyond the 12 h Queues maximum) waits in SQLite and is delivered when the alarm fires', async () => {
    const payload = stepPayload();
    const shard = `run:${payload.workflowRunId}`;
    const sevenDays = 7 * 24 * 3600;
    const before = Date.now();
    // A handler in this isolate does not matter: delayed messages never take the fast path.
    const q = createTestQueue(env);
    q.createQueueHandler('__wkf_step_', async () => {
      throw new Error('must not run in-process');
    });
    const { messageId } = await q.queue('__wkf_step_s', payload, { delaySeconds: sevenDays });
    const snap = await coordinator(shard).snapshot();
    expect(snap.alarm).toBeGreaterThanOrEqual(before + sevenDays * 1000);
    expect(snap.messages).toMatchObject([{ messageId, state: 'pending' }]);
    // A second, earlier message moves the alarm forward: one alarm at min(due).
    await q.queue('__wkf_step_s', payload, { delaySeconds: 60 });
    expect((await coordinator(shard).snapshot()).alarm).toBeLessThan(before + 61_000 + 1_000);
    await advanceAndFire(shard);
    await vi.waitFor(async () => {
      const calls = await recorderOf(env).calls(payload.workflowRunId);
      expect(calls.map((c) => c.messageId)).toContain(messageId);
      expect(calls).toHaveLength(2);
    });
  });
});
