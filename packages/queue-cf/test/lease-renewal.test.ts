/// <reference types="@cloudflare/vitest-plugin/types" />
import { createExecutionContext, createMessageBatch, env, waitOnExecutionContext } from 'cloudflare:test';
import { encodeValue, newMessageId } from '@workflow-world-cloudflare/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Envelope } from '../src/index.js';
import { createTestQueue, recorderOf } from './behaviour.js';
import { coordinator, stepPayload } from './helpers.js';
import { deferred, elapse, fireAlarm, messageOf, until } from './lease-helpers.js';

const LEASE_S = 30;
const PERIOD_MS = (LEASE_S * 1000) / 3;

beforeEach(() => void vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] }));
afterEach(() => void vi.useRealTimers());

/** A handler that reports when it starts and runs until released. */
function gatedHandler() {
  const started = deferred();
  const release = deferred();
  const attempts: number[] = [];
  const handler = async (_payload: unknown, meta: { attempt: number }) => {
    attempts.push(meta.attempt);
    started.resolve();
    await release.promise;
  };
  return { handler, started: started.promise, release: () => release.resolve(), attempts };
}

/**
 * Lets `periods` renewal periods pass while the handler runs; after each, the alarm fires and must find the
 * delivery still running (a lost lease would have been taken back: `sent`, attempt + 1).
 */
async function outliveTheLease(shard: string, messageId: string, periods: number): Promise<void> {
  for (let i = 0; i < periods; i++) {
    await elapse(shard, PERIOD_MS);
    const before = (await messageOf(shard, messageId))?.dueAt ?? 0;
    vi.advanceTimersByTime(PERIOD_MS);
    const renewed = await until('a renewal', () => messageOf(shard, messageId), (m) => (m?.dueAt ?? 0) > before);
    expect(renewed?.dueAt).toBeGreaterThanOrEqual(Date.now() + LEASE_S * 1000 - 1_000);
    await fireAlarm(shard);
    expect(await messageOf(shard, messageId)).toMatchObject({ state: 'running', attempt: 1 });
  }
}

describe('lease renewal while a handler runs', () => {
  it('fast path: a handler running 5x past its 30 s lease renews it and is not redelivered', async () => {
    const ctx = createExecutionContext();
    const q = createTestQueue(env, { waitUntil: (p) => ctx.waitUntil(p), leaseSeconds: LEASE_S });
    const h = gatedHandler();
    q.createQueueHandler('__wkf_step_', h.handler);
    const payload = stepPayload();
    const shard = `run:${payload.workflowRunId}`;
    const messageId = String((await q.queue('__wkf_step_s', payload)).messageId);
    await h.started;
    await outliveTheLease(shard, messageId, 15);
    h.release();
    await waitOnExecutionContext(ctx);
    expect(h.attempts).toEqual([1]);
    expect((await coordinator(shard).snapshot()).messages).toEqual([]);
    expect(await recorderOf(env).calls(payload.workflowRunId)).toEqual([]);
    // Settled: the renewal timer is gone with it.
    expect(vi.getTimerCount()).toBe(0);
  });

  it('queue consumer: renews at a third of the lease the coordinator granted (30 s), not the config (300 s)', async () => {
    const q = createTestQueue(env);
    const h = gatedHandler();
    q.createQueueHandler('__wkf_step_', h.handler);
    const payload = stepPayload();
    const shard = `run:${payload.workflowRunId}`;
    const messageId = newMessageId();
    const body = encodeValue(payload);
    await coordinator(shard).enqueue({
      shard, messageId, queueName: '__wkf_step_s', body, bodyRef: null, bodySize: body.length, headers: {},
      deploymentId: 'dpl_test', idempotencyKey: null, delayMs: 0, leaseMs: LEASE_S * 1000, mode: 'queue',
    });
    const envelope: Envelope = { v: 1, messageId, queueName: '__wkf_step_s', shard, attempt: 1, deploymentId: 'dpl_test', headers: {}, body };
    const batch = createMessageBatch('workflow-queue', [{ id: 'm0', timestamp: new Date(), attempts: 1, body: envelope }]);
    const consumed = q.handleQueueBatch(batch);
    await h.started;
    await outliveTheLease(shard, messageId, 6);
    h.release();
    expect(await consumed).toEqual(['settled']);
    expect(h.attempts).toEqual([1]);
    expect((await coordinator(shard).snapshot()).messages).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('a handler that settles before the first renewal leaves no timer behind (no renewal RPC)', async () => {
    const ctx = createExecutionContext();
    const q = createTestQueue(env, { waitUntil: (p) => ctx.waitUntil(p), leaseSeconds: LEASE_S });
    let calls = 0;
    q.createQueueHandler('__wkf_step_', async () => void calls++);
    await Promise.all(Array.from({ length: 5 }, () => q.queue('__wkf_step_s', stepPayload())));
    await waitOnExecutionContext(ctx);
    expect(calls).toBe(5);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('when renewals stop (the isolate died after one renewal), the lease runs out and the message is redelivered', async () => {
    const ctx = createExecutionContext();
    const q = createTestQueue(env, { waitUntil: (p) => ctx.waitUntil(p), leaseSeconds: LEASE_S });
    const h = gatedHandler();
    q.createQueueHandler('__wkf_step_', h.handler);
    const payload = stepPayload();
    const shard = `run:${payload.workflowRunId}`;
    const messageId = String((await q.queue('__wkf_step_s', payload)).messageId);
    await h.started;
    await outliveTheLease(shard, messageId, 1);
    // From here this isolate's timers never fire again, as if it had died: a whole lease passes unrenewed.
    await elapse(shard, LEASE_S * 1000);
    await fireAlarm(shard);
    const calls = await until('the redelivery', () => recorderOf(env).calls(payload.workflowRunId), (c) => c.length > 0);
    expect(calls.map((c) => [c.messageId, c.attempt])).toEqual([[messageId, 2]]);
    await until('attempt 2 to be acked', () => coordinator(shard).snapshot(), (s) => s.messages.length === 0);
    // The first delivery finishes late: its settle is stale and changes nothing.
    h.release();
    await waitOnExecutionContext(ctx);
    expect(h.attempts).toEqual([1]);
    expect((await coordinator(shard).snapshot()).messages).toEqual([]);
  });

  it('a delivery whose lease was taken back stops renewing and extends nothing (stale renewal)', async () => {
    const ctx = createExecutionContext();
    const q = createTestQueue(env, { waitUntil: (p) => ctx.waitUntil(p), leaseSeconds: LEASE_S });
    const h = gatedHandler();
    q.createQueueHandler('__wkf_step_', h.handler);
    const payload = stepPayload();
    const shard = `run:${payload.workflowRunId}`;
    const messageId = String((await q.queue('__wkf_step_s', payload)).messageId);
    await h.started;
    // The renewal is late (say the isolate was starved): the lease ran out and the alarm took the delivery
    // back. Held, so it stays visible in the coordinator instead of going to the queue.
    await coordinator(shard).hold();
    await elapse(shard, LEASE_S * 1000 + 1);
    await fireAlarm(shard);
    const taken = await messageOf(shard, messageId);
    expect(taken).toMatchObject({ state: 'pending', attempt: 1 });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    vi.advanceTimersByTime(PERIOD_MS);
    await until('the stale answer', async () => warn.mock.calls.length, (n) => n > 0);
    expect(String(warn.mock.calls[0]?.[0])).toContain('no longer ours');
    expect(vi.getTimerCount()).toBe(0);
    expect(await messageOf(shard, messageId)).toEqual(taken);
    warn.mockRestore();
    h.release();
    await waitOnExecutionContext(ctx);
  });
});
