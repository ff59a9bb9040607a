/// <reference types="@cloudflare/vitest-plugin/types" />
import { env } from 'cloudflare:test';
import { describe, expect, it, vi } from 'vitest';
import { DeadLetterSchema, EnvelopeSchema } from '../src/index.js';
import { createTestQueue, recorderOf } from './behaviour.js';
import { advanceAndFire, coordinator, stepPayload } from './helpers.js';

// No handler is registered in this (test) isolate's queue, so attempt 1 goes through WORKFLOW_QUEUE to the
// test Worker's `queue` export, whose handlers record into the Recorder object.
const producer = () => createTestQueue(env);

describe('delivery through the Cloudflare Queue', () => {
  it('round-trips a message to the handler registered in the consuming Worker, then forgets it', async () => {
    const payload = stepPayload();
    const { messageId } = await producer().queue('__wkf_step_add', payload, { headers: { traceparent: '00-abc' } });
    await vi.waitFor(async () => {
      const calls = await recorderOf(env).calls(payload.workflowRunId);
      expect(calls).toEqual([{ tag: payload.workflowRunId, messageId, attempt: 1, queueName: '__wkf_step_add', payload }]);
    });
    await vi.waitFor(async () => expect((await coordinator(`run:${payload.workflowRunId}`).snapshot()).messages).toEqual([]));
  });

  it('{ timeoutSeconds: 0 } redelivers at once with the same messageId and a growing attempt', async () => {
    const payload = stepPayload('timeout-0-until-3');
    const { messageId } = await producer().queue('__wkf_step_s', payload);
    await vi.waitFor(async () => {
      const calls = await recorderOf(env).calls(payload.workflowRunId);
      expect(calls.map((c) => [c.messageId, c.attempt])).toEqual([
        [messageId, 1],
        [messageId, 2],
        [messageId, 3],
      ]);
    });
  });

  it('{ timeoutSeconds: N } keeps the message in the coordinator until N seconds later', async () => {
    const payload = stepPayload('timeout-3600-until-2');
    const shard = `run:${payload.workflowRunId}`;
    const before = Date.now();
    const { messageId } = await producer().queue('__wkf_step_s', payload);
    await vi.waitFor(async () => {
      const snap = await coordinator(shard).snapshot();
      expect(snap.messages).toMatchObject([{ messageId, state: 'pending', attempt: 1 }]);
      expect(snap.messages[0]?.dueAt).toBeGreaterThanOrEqual(before + 3_600_000);
      // One alarm, never later than the earliest row (an earlier, stale one just re-arms when it fires).
      expect(snap.alarm).not.toBeNull();
      expect(snap.alarm).toBeLessThanOrEqual(snap.messages[0]?.dueAt ?? 0);
    });
    expect(await advanceAndFire(shard)).toBe(true);
    await vi.waitFor(async () => {
      const calls = await recorderOf(env).calls(payload.workflowRunId);
      expect(calls.map((c) => [c.messageId, c.attempt])).toEqual([
        [messageId, 1],
        [messageId, 2],
      ]);
    });
  });

  it('a handler that throws is retried, then dead-lettered after maxAttempts (3), never dropped', async () => {
    const payload = stepPayload('throw');
    const { messageId } = await producer().queue('__wkf_step_s', payload);
    await vi.waitFor(
      async () => {
        const letters = (await recorderOf(env).letters()).map((l) => DeadLetterSchema.parse(l));
        const mine = letters.filter((l) => EnvelopeSchema.parse(l.envelope).messageId === messageId);
        expect(mine).toHaveLength(1);
        expect(mine[0]).toMatchObject({ reason: 'max-attempts', error: 'Error: handler failed on purpose' });
        expect(EnvelopeSchema.parse(mine[0]?.envelope).attempt).toBe(3);
      },
      { timeout: 10_000 },
    );
    const calls = await recorderOf(env).calls(payload.workflowRunId);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    expect((await coordinator(`run:${payload.workflowRunId}`).snapshot()).messages).toEqual([]);
  });

  it('delivers health-check payloads to the handler unchanged (the runtime answers them itself)', async () => {
    const payload = { __healthCheck: true as const, correlationId: `hc_${crypto.randomUUID()}` };
    const { messageId } = await producer().queue('__wkf_workflow_health_check', payload);
    await vi.waitFor(async () => {
      const calls = await recorderOf(env).calls(payload.correlationId);
      expect(calls).toMatchObject([{ messageId, attempt: 1, payload }]);
    });
  });
});
