/// <reference types="@cloudflare/vitest-plugin/types" />
import { newMessageId, newRunId, unwrapRpc } from '@workflow-world-cloudflare/core';
import { describe, expect, it } from 'vitest';
import { coordinator } from './helpers.js';
import { elapse, fireAlarm, messageOf } from './lease-helpers.js';

const LEASE_MS = 30_000;

async function enqueued(mode: 'local' | 'queue') {
  const shard = `run:${newRunId()}`;
  const messageId = newMessageId();
  await coordinator(shard).enqueue({
    shard, messageId, queueName: '__wkf_step_s', body: 'null', bodyRef: null, bodySize: 4, headers: {},
    deploymentId: 'dpl_test', idempotencyKey: null, delayMs: 0, leaseMs: LEASE_MS, mode,
  });
  return { shard, messageId, stub: coordinator(shard) };
}

describe('WorkflowQueueObject.renew', () => {
  it('restarts the running delivery\'s lease from now', async () => {
    const { shard, messageId, stub } = await enqueued('local');
    await elapse(shard, 20_000);
    const before = Date.now();
    const result = unwrapRpc(await stub.renew({ messageId, attempt: 1 }));
    expect(result).toMatchObject({ status: 'renewed', leaseMs: LEASE_MS });
    const leaseUntil = result.status === 'renewed' ? result.leaseUntil : 0;
    expect(leaseUntil).toBeGreaterThanOrEqual(before + LEASE_MS);
    expect(await messageOf(shard, messageId)).toMatchObject({ state: 'running', attempt: 1, dueAt: leaseUntil });
  });

  it('claim grants the stored lease, which the consumer then renews', async () => {
    const { messageId, stub } = await enqueued('queue');
    expect(unwrapRpc(await stub.claim({ messageId, attempt: 1 }))).toEqual({ status: 'ok', leaseMs: LEASE_MS });
    expect(unwrapRpc(await stub.renew({ messageId, attempt: 1 }))).toMatchObject({ status: 'renewed' });
  });

  it('a renewal for another attempt, or for a delivery not yet claimed, is stale and extends nothing', async () => {
    const running = await enqueued('local');
    const dueBefore = (await messageOf(running.shard, running.messageId))?.dueAt;
    expect(unwrapRpc(await running.stub.renew({ messageId: running.messageId, attempt: 2 }))).toEqual({ status: 'stale' });
    expect((await messageOf(running.shard, running.messageId))?.dueAt).toBe(dueBefore);
    const sent = await enqueued('queue');
    const sentDue = (await messageOf(sent.shard, sent.messageId))?.dueAt;
    expect(unwrapRpc(await sent.stub.renew({ messageId: sent.messageId, attempt: 1 }))).toEqual({ status: 'stale' });
    expect(await messageOf(sent.shard, sent.messageId)).toMatchObject({ state: 'sent', dueAt: sentDue });
  });

  it('once the lease ran out (the alarm took the delivery back), the old delivery\'s renewal is stale', async () => {
    const { shard, messageId, stub } = await enqueued('local');
    // Held, so the expired delivery stays in the coordinator (pending, same attempt) instead of being resent.
    await stub.hold();
    await elapse(shard, LEASE_MS + 1);
    await fireAlarm(shard);
    const taken = await messageOf(shard, messageId);
    expect(taken).toMatchObject({ state: 'pending', attempt: 1 });
    expect(unwrapRpc(await stub.renew({ messageId, attempt: 1 }))).toEqual({ status: 'stale' });
    expect(await messageOf(shard, messageId)).toEqual(taken);
  });

  it('once the alarm redelivered (attempt 2), a renewal from attempt 1 is stale', async () => {
    const { shard, messageId, stub } = await enqueued('local');
    await elapse(shard, LEASE_MS + 1);
    await fireAlarm(shard);
    // Attempt 2 is now with the queue (the test Worker's consumer may already have claimed or acked it).
    const after = await messageOf(shard, messageId);
    expect(after === undefined || after.attempt === 2).toBe(true);
    expect(unwrapRpc(await stub.renew({ messageId, attempt: 1 }))).toEqual({ status: 'stale' });
  });

  it('a renewal after the message was acked is stale and does not bring the row back', async () => {
    const { messageId, stub } = await enqueued('local');
    expect(unwrapRpc(await stub.settle({ messageId, attempt: 1, outcome: { kind: 'ack' } }))).toMatchObject({ status: 'acked' });
    expect(unwrapRpc(await stub.renew({ messageId, attempt: 1 }))).toEqual({ status: 'stale' });
    expect((await stub.snapshot()).messages).toEqual([]);
  });

  it('racing renewals and a settle: the settle wins whatever the order, the row is gone', async () => {
    const { messageId, stub } = await enqueued('local');
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => stub.renew({ messageId, attempt: 1 })),
      stub.settle({ messageId, attempt: 1, outcome: { kind: 'ack' } }),
      ...Array.from({ length: 10 }, () => stub.renew({ messageId, attempt: 1 })),
    ]).then((all) => all.map((r) => unwrapRpc<{ status: string }>(r)));
    expect(results[10]).toMatchObject({ status: 'acked' });
    const renewals = [...results.slice(0, 10), ...results.slice(11)].map((r) => r.status);
    expect(renewals.every((s) => s === 'renewed' || s === 'stale')).toBe(true);
    expect((await stub.snapshot()).messages).toEqual([]);
  });

  it('rejects malformed arguments with INVALID_ARGUMENT and writes nothing', async () => {
    const { shard, messageId, stub } = await enqueued('local');
    const dueBefore = (await messageOf(shard, messageId))?.dueAt;
    for (const bad of [{ messageId, attempt: 0 }, { messageId: 'nope', attempt: 1 }, { messageId, attempt: 1, extra: 1 }]) {
      const error = await stub.renew(bad as never).then(unwrapRpc).then(
        () => null,
        (e: unknown) => e as Error,
      );
      expect(error?.message).toContain('WorkflowQueueObject.renew: invalid arguments');
    }
    expect((await messageOf(shard, messageId))?.dueAt).toBe(dueBefore);
  });
});
