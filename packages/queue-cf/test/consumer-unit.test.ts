/// <reference types="@cloudflare/vitest-plugin/types" />
import { createExecutionContext, createMessageBatch, env, getQueueResult, runInDurableObject } from 'cloudflare:test';
import { encodeValue, newMessageId } from '@workflow-world-cloudflare/core';
import { describe, expect, it, vi } from 'vitest';
import { backoffMs, parseQueueOptions } from '../src/client/config.js';
import type { Envelope, WorkflowQueueObject } from '../src/index.js';
import { createTestQueue, recorderOf } from './behaviour.js';
import { coordinator, stepPayload } from './helpers.js';

/** Records a message in its coordinator as if attempt 1 had just been sent, and returns that envelope. */
async function recordSent(payload: ReturnType<typeof stepPayload>): Promise<Envelope> {
  const messageId = newMessageId();
  const shard = `run:${payload.workflowRunId}`;
  const body = encodeValue(payload);
  await coordinator(shard).enqueue({
    shard,
    messageId,
    queueName: '__wkf_step_s',
    body,
    bodyRef: null,
    bodySize: body.length,
    headers: {},
    deploymentId: 'dpl_test',
    idempotencyKey: null,
    delayMs: 0,
    leaseMs: 300_000,
    mode: 'queue',
  });
  return { v: 1, messageId, queueName: '__wkf_step_s', shard, attempt: 1, deploymentId: 'dpl_test', headers: {}, body };
}

const batchOf = (bodies: unknown[]) =>
  createMessageBatch(
    'workflow-queue',
    bodies.map((body, i) => ({ id: `m${i}`, timestamp: new Date(), attempts: 1, body })),
  );

describe('consumer (unit level)', () => {
  it('acks a handled message and settles it in the coordinator', async () => {
    const q = createTestQueue(env);
    const seen: number[] = [];
    q.createQueueHandler('__wkf_step_', async (_p, meta) => void seen.push(meta.attempt));
    const envelope = await recordSent(stepPayload());
    const batch = batchOf([envelope]);
    await q.handleQueueBatch(batch);
    const result = await getQueueResult(batch, createExecutionContext());
    expect(result.explicitAcks).toEqual(['m0']);
    expect(result.retryMessages).toEqual([]);
    expect(seen).toEqual([1]);
    expect((await coordinator(envelope.shard).snapshot()).messages).toEqual([]);
  });

  it('skips (acks, no handler call) a copy whose attempt was superseded or already acked', async () => {
    const q = createTestQueue(env);
    let calls = 0;
    q.createQueueHandler('__wkf_step_', async () => void calls++);
    const envelope = await recordSent(stepPayload());
    expect(await q.handleQueueBatch(batchOf([envelope]))).toEqual(['settled']);
    expect(await q.handleQueueBatch(batchOf([envelope, { ...envelope, attempt: 7 }]))).toEqual(['skipped', 'skipped']);
    expect(calls).toBe(1);
  });

  it('sends malformed messages to the dead-letter queue instead of retrying them', async () => {
    const q = createTestQueue(env);
    const marker = `bad_${crypto.randomUUID()}`;
    const batch = batchOf([{ not: 'an envelope', marker }]);
    expect(await q.handleQueueBatch(batch)).toEqual(['malformed']);
    await vi.waitFor(async () => {
      const letters = (await recorderOf(env).letters()) as { reason: string; envelope: { marker?: string } }[];
      expect(letters.filter((l) => l.envelope?.marker === marker)).toMatchObject([{ reason: 'malformed' }]);
    });
  });

  it('a throwing handler is rescheduled after the exponential backoff', async () => {
    const q = createTestQueue(env, { retryBackoff: { initialSeconds: 10, maxSeconds: 25 }, maxAttempts: 5 });
    q.createQueueHandler('__wkf_step_', async () => {
      throw new Error('nope');
    });
    const envelope = await recordSent(stepPayload());
    const before = Date.now();
    await q.handleQueueBatch(batchOf([envelope]));
    const [m] = (await coordinator(envelope.shard).snapshot()).messages;
    expect(m).toMatchObject({ state: 'pending', attempt: 1 });
    expect(m?.dueAt).toBeGreaterThanOrEqual(before + 10_000);
    expect(m?.dueAt).toBeLessThan(Date.now() + 10_000 + 1_000);
    await runInDurableObject(coordinator(envelope.shard), async (_o: WorkflowQueueObject, state) => {
      const [row] = state.storage.sql.exec<{ last_error: string }>('SELECT last_error FROM wf_queue_messages').toArray();
      expect(row?.last_error).toBe('Error: nope');
    });
  });

  it('backoff doubles from initialSeconds and is capped at maxSeconds', () => {
    const config = parseQueueOptions({
      queue: env.WORKFLOW_QUEUE,
      deadLetterQueue: env.WORKFLOW_DLQ,
      coordinator: env.WORKFLOW_QUEUE_COORDINATOR,
      bucket: env.BUCKET,
      deploymentId: 'd',
      retryBackoff: { initialSeconds: 1, maxSeconds: 900 },
    });
    expect([1, 2, 3, 4, 10, 11, 40].map((a) => backoffMs(config, a) / 1000)).toEqual([1, 2, 4, 8, 512, 900, 900]);
  });
});
