/// <reference types="@cloudflare/vitest-plugin/types" />
import { env } from 'cloudflare:test';
import { CloudflareWorldError, newRunId, unwrapRpc } from '@workflow-world-cloudflare/core';
import { describe, expect, it } from 'vitest';
import { createCloudflareQueue } from '../src/index.js';
import { createTestQueue } from './behaviour.js';
import { coordinator, stepPayload } from './helpers.js';

function thrown(fn: () => unknown): CloudflareWorldError {
  try {
    fn();
  } catch (error) {
    if (CloudflareWorldError.is(error)) return error;
    throw error;
  }
  throw new Error('did not throw');
}

async function rejected(p: Promise<unknown>): Promise<CloudflareWorldError> {
  const error = await p.then(
    () => new Error('did not reject'),
    (e: unknown) => e,
  );
  if (CloudflareWorldError.is(error)) return error;
  throw error;
}

describe('options are checked at creation', () => {
  it('names a missing binding', () => {
    const error = thrown(() =>
      createCloudflareQueue({
        queue: env.WORKFLOW_QUEUE,
        deadLetterQueue: env.WORKFLOW_DLQ,
        coordinator: undefined as unknown as typeof env.WORKFLOW_QUEUE_COORDINATOR,
        bucket: env.BUCKET,
        deploymentId: 'd',
      }),
    );
    expect(error.code).toBe('BINDING_MISSING');
    expect(error.message).toContain('WORKFLOW_QUEUE_COORDINATOR');
  });

  it('rejects bad numbers and unknown keys', () => {
    expect(thrown(() => createTestQueue(env, { maxAttempts: 0 })).code).toBe('CONFIG_INVALID');
    expect(thrown(() => createTestQueue(env, { signingSecret: 'short' })).code).toBe('CONFIG_INVALID');
    expect(thrown(() => createTestQueue(env, { nope: 1 } as never)).code).toBe('CONFIG_INVALID');
  });

  it('rejects an invalid handler prefix', () => {
    expect(thrown(() => createTestQueue(env).createQueueHandler('__nope_' as never, async () => {})).code).toBe('INVALID_ARGUMENT');
  });

  it('getDeploymentId returns the configured deployment', async () => {
    expect(await createTestQueue(env).getDeploymentId()).toBe('dpl_test');
  });
});

describe('queue() validates before writing anything', () => {
  it('an invalid queue name, payload or delay fails with INVALID_MESSAGE and stores nothing', async () => {
    const q = createTestQueue(env);
    const payload = stepPayload();
    expect((await rejected(q.queue('not_a_queue' as never, payload))).code).toBe('INVALID_MESSAGE');
    expect((await rejected(q.queue('__wkf_step_s', { bogus: true } as never))).code).toBe('INVALID_MESSAGE');
    expect((await rejected(q.queue('__wkf_step_s', payload, { delaySeconds: -1 }))).code).toBe('INVALID_MESSAGE');
    expect((await coordinator(`run:${payload.workflowRunId}`).snapshot()).messages).toEqual([]);
  });

  it('the coordinator rejects malformed RPC arguments with INVALID_ARGUMENT', async () => {
    const stub = coordinator(`run:${newRunId()}`);
    const error = await stub.enqueue({ shard: '' } as never).then(unwrapRpc).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('invalid arguments');
    expect((await stub.snapshot()).messages).toEqual([]);
  });
});
