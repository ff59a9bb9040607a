/// <reference types="@cloudflare/vitest-plugin/types" />
import { env } from 'cloudflare:test';
import { newRunId } from '@workflow-world-cloudflare/core';
import { describe, expect, it, vi } from 'vitest';
import { createTestQueue, recorderOf } from './behaviour.js';
import { coordinator } from './helpers.js';

describe('large bodies', () => {
  it('a > 128 KB payload (Uint8Array run input) is spilled to R2, round-trips through the queue, and is deleted after ack', async () => {
    const runId = newRunId();
    const input = new Uint8Array(200 * 1024).map((_, i) => i % 251);
    const payload = { runId, runInput: { input, deploymentId: 'dpl_test', workflowName: 'wf', specVersion: 3 } };
    const { messageId } = await createTestQueue(env).queue('__wkf_workflow_wf', payload);
    expect(await env.BUCKET.head(`queue/${messageId}`)).not.toBeNull();
    await vi.waitFor(async () => {
      const [call] = await recorderOf(env).calls(runId);
      const got = (call?.payload as typeof payload | undefined)?.runInput.input;
      expect(got).toBeInstanceOf(Uint8Array);
      expect(got).toEqual(input);
    });
    await vi.waitFor(async () => expect(await env.BUCKET.head(`queue/${messageId}`)).toBeNull());
    expect((await coordinator(`run:${runId}`).snapshot()).messages).toEqual([]);
  });
});

describe('volume', () => {
  it('1,000 messages sent concurrently are each handled (none lost); duplicates are counted', async () => {
    const q = createTestQueue(env);
    const tag = newRunId();
    // Each message its own run (its own coordinator), all tagged for one count.
    const sent = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        q.queue('__wkf_workflow_wf', { runId: newRunId(), correlationId: tag, requestedAt: new Date(), serverErrorRetryCount: i }),
      ),
    );
    const ids = new Set<string>(sent.map((s) => String(s.messageId)));
    expect(ids.size).toBe(1000);
    const calls = await vi.waitFor(
      async () => {
        const c = (await recorderOf(env).calls(tag)).filter((x) => ids.has(x.messageId));
        expect(new Set(c.map((x) => x.messageId)).size).toBe(1000);
        return c;
      },
      { timeout: 60_000, interval: 250 },
    );
    const duplicates = calls.length - 1000;
    console.log(`1,000 messages: ${calls.length} handler calls, ${duplicates} duplicates`);
    expect(duplicates).toBe(0);
  }, 90_000);
});
