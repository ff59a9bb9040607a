/**
 * The `Queue` contract suite: what every implementation of the World's queue does — delivery to the handler
 * registered for the queue's prefix, with the message id and a first attempt of 1; redelivery of the same message
 * with a growing attempt when the handler asks for it (`{ timeoutSeconds }`); one message per idempotency key;
 * refusal of a queue name outside the DevKit's two prefixes — written against the interface only.
 *
 * Deliveries happen in the implementation's own Worker, so the suite observes them through the harness: the
 * handlers the implementation's test Worker registers record each call and then do what
 * {@link contractBehaviour} says for the payload.
 *
 * @example
 * ```ts
 * describe('my queue', () => runQueueContract(() => ({ queue: createMyQueue(), calls: (tag) => recorder.calls(tag) })));
 * ```
 */
import { newRunId } from '../ids.js';
import type { Queue } from '@workflow/world';
import { describe, expect, it } from 'vitest';

/** One handler call as the harness recorded it. */
export interface RecordedDelivery {
  messageId: string;
  attempt: number;
  queueName: string;
}

export interface QueueHarness {
  queue: Queue;
  /** The calls the registered handlers received for payloads whose `workflowRunId` is `tag`, in order. */
  calls(tag: string): Promise<RecordedDelivery[]>;
}

export type QueueFactory = () => QueueHarness | Promise<QueueHarness>;

/**
 * What a contract handler does after recording a call: the payload's `workflowName` spells it — `'ok'` (return),
 * `'throw'`, or `'timeout-<seconds>-until-<attempt>'` (ask for redelivery after that many seconds until the
 * given attempt).
 */
export function contractBehaviour(payload: unknown, attempt: number): { timeoutSeconds: number } | undefined {
  const behaviour = (payload as { workflowName?: string } | null)?.workflowName ?? 'ok';
  if (behaviour === 'throw') throw new Error('handler failed on purpose');
  const until = /^timeout-(\d+)-until-(\d+)$/.exec(behaviour);
  if (until && attempt < Number(until[2])) return { timeoutSeconds: Number(until[1]) };
  return undefined;
}

/** A step message whose handler does `behaviour`; its `workflowRunId` tags the calls. */
export function contractStepPayload(behaviour = 'ok') {
  const runId = newRunId();
  return { workflowName: behaviour, workflowRunId: runId, workflowStartedAt: Date.now(), stepId: `step_${runId}` };
}

async function eventually<T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Registers the contract suite. */
export function runQueueContract(factory: QueueFactory): void {
  describe('Queue contract', () => {
    it('names its deployment', async () => {
      const { queue } = await factory();
      expect(await queue.getDeploymentId()).toMatch(/\S/);
    });

    it('delivers a message once to the handler of its prefix: its id, attempt 1, its queue name', { timeout: 30_000 }, async () => {
      const { queue, calls } = await factory();
      const payload = contractStepPayload();
      const { messageId } = await queue.queue('__wkf_step_contract', payload);
      expect(messageId).toMatch(/\S/);
      const seen = await eventually(() => calls(payload.workflowRunId), (c) => c.length >= 1);
      expect(seen).toEqual([{ messageId, attempt: 1, queueName: '__wkf_step_contract' }]);
    });

    it('{ timeoutSeconds: 0 } redelivers the same message with a growing attempt', { timeout: 30_000 }, async () => {
      const { queue, calls } = await factory();
      const payload = contractStepPayload('timeout-0-until-3');
      const { messageId } = await queue.queue('__wkf_step_contract', payload);
      const seen = await eventually(() => calls(payload.workflowRunId), (c) => c.length >= 3);
      expect(seen.map((c) => [c.messageId, c.attempt])).toEqual([
        [messageId, 1],
        [messageId, 2],
        [messageId, 3],
      ]);
    });

    it('concurrent queue() calls with one idempotency key make one message and one delivery', { timeout: 30_000 }, async () => {
      const { queue, calls } = await factory();
      const payload = contractStepPayload();
      const results = await Promise.all(
        Array.from({ length: 10 }, () => queue.queue('__wkf_step_contract', payload, { idempotencyKey: payload.stepId })),
      );
      expect(new Set(results.map((r) => r.messageId)).size).toBe(1);
      await eventually(() => calls(payload.workflowRunId), (c) => c.length >= 1);
      await new Promise((r) => setTimeout(r, 500)); // a second delivery would show by now
      expect((await calls(payload.workflowRunId)).map((c) => c.messageId)).toEqual([results[0]?.messageId]);
    });

    it('refuses a queue name outside the DevKit prefixes', async () => {
      const { queue } = await factory();
      await expect(queue.queue('not_a_devkit_queue' as never, contractStepPayload())).rejects.toThrow();
    });
  });
}
