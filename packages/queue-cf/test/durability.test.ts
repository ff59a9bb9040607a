/// <reference types="@cloudflare/vitest-plugin/types" />
import { unwrapRpc } from '@workflow-world-cloudflare/core';
import { env, evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import type { WorkflowQueueObject } from '../src/index.js';
import { createTestQueue, recorderOf } from './behaviour.js';
import { advanceAndFire, coordinator, stepPayload } from './helpers.js';

describe('what the fast path loses, the coordinator redelivers', () => {
  it('a fast-path delivery whose isolate died (never settled) is redelivered through the queue after the lease, attempt 2', async () => {
    // A handler that never settles: the in-process run is lost, as if the isolate had died mid-handler.
    const q = createTestQueue(env, { waitUntil: () => {} });
    q.createQueueHandler('__wkf_step_', () => new Promise(() => {}));
    const payload = stepPayload();
    const shard = `run:${payload.workflowRunId}`;
    const before = Date.now();
    const { messageId } = await q.queue('__wkf_step_s', payload);
    const snap = await coordinator(shard).snapshot();
    expect(snap.messages).toMatchObject([{ messageId, state: 'running', attempt: 1 }]);
    // Lease: 300 s by default.
    expect(snap.alarm).toBeGreaterThanOrEqual(before + 300_000);
    await advanceAndFire(shard);
    await vi.waitFor(async () =>
      expect((await recorderOf(env).calls(payload.workflowRunId)).map((c) => [c.messageId, c.attempt])).toEqual([[messageId, 2]]),
    );
  });

  it('keeps its rows across an eviction (state is in SQLite, not memory)', async () => {
    const payload = stepPayload();
    const shard = `run:${payload.workflowRunId}`;
    const { messageId } = await createTestQueue(env).queue('__wkf_step_s', payload, { delaySeconds: 100 });
    await evictDurableObject(coordinator(shard));
    expect((await coordinator(shard).snapshot()).messages).toMatchObject([{ messageId, state: 'pending' }]);
  });
});

describe('hold / release (paused runs)', () => {
  it('holds a run\'s deliveries and sends them on release', async () => {
    const q = createTestQueue(env);
    const payload = stepPayload();
    const shard = `run:${payload.workflowRunId}`;
    await q.holdRun(payload.workflowRunId);
    const { messageId } = await q.queue('__wkf_step_s', payload);
    const held = await coordinator(shard).snapshot();
    expect(held).toMatchObject({ held: true, messages: [{ messageId, state: 'pending', attempt: 0 }], alarm: null });
    await q.releaseRun(payload.workflowRunId);
    const released = await coordinator(shard).snapshot();
    expect(released.held).toBe(false);
    expect(released.alarm).not.toBeNull();
    await vi.waitFor(async () =>
      expect((await recorderOf(env).calls(payload.workflowRunId)).map((c) => [c.messageId, c.attempt])).toEqual([[messageId, 1]]),
    );
  });

  it('a copy already in the queue when the run is held is not run, and is sent again on release', async () => {
    const q = createTestQueue(env);
    const payload = stepPayload();
    const shard = `run:${payload.workflowRunId}`;
    await q.holdRun(payload.workflowRunId);
    await q.releaseRun(payload.workflowRunId);
    const stub = coordinator(shard);
    await stub.hold();
    const claimed = await runInDurableObject(stub, async (obj: WorkflowQueueObject) => {
      await obj.release();
      const { messageId } = unwrapRpc(await obj.enqueue({
        shard, messageId: 'msg_01K0000000000000000000HOLD', queueName: '__wkf_step_s', body: 'null', bodyRef: null,
        bodySize: 4, headers: {}, deploymentId: 'd', idempotencyKey: null, delayMs: 0, leaseMs: 1000, mode: 'queue',
      }));
      await obj.hold();
      return { messageId, claim: unwrapRpc(await obj.claim({ messageId, attempt: 1 })) };
    });
    expect(claimed.claim).toEqual({ status: 'held' });
    expect((await stub.snapshot()).messages).toMatchObject([{ state: 'pending', attempt: 0 }]);
  });
});
