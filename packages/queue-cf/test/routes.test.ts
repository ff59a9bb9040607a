/// <reference types="@cloudflare/vitest-plugin/types" />
import { env } from 'cloudflare:test';
import { encodeValue, newMessageId } from '@workflow-world-cloudflare/core';
import { describe, expect, it, vi } from 'vitest';
import { SIGNATURE_HEADER, signDelivery } from '../src/index.js';
import { createTestQueue, recorderOf } from './behaviour.js';
import { stepPayload } from './helpers.js';

const SECRET = 'test-signing-secret-0123456789';

async function request(body: string, opts: { secret?: string; signature?: string; attempt?: number } = {}) {
  const messageId = newMessageId();
  const d = { queueName: '__wkf_step_s', messageId, attempt: opts.attempt ?? 1, body };
  const headers: Record<string, string> = {
    'x-vqs-queue-name': d.queueName,
    'x-vqs-message-id': messageId,
    'x-vqs-message-attempt': String(d.attempt),
  };
  const signature = opts.signature ?? (opts.secret ? await signDelivery(opts.secret, d) : undefined);
  if (signature !== undefined) headers[SIGNATURE_HEADER] = signature;
  return { messageId, req: new Request('https://w/.well-known/workflow/v1/step', { method: 'POST', headers, body }) };
}

function routeWithSpy(secret?: string) {
  const q = createTestQueue(env, { signingSecret: secret });
  const calls: unknown[] = [];
  const route = q.createQueueHandler('__wkf_step_', async (payload) => {
    calls.push(payload);
    return { timeoutSeconds: 5 };
  });
  return { route, calls };
}

describe('flow / step HTTP routes', () => {
  it('401 and no handler call without a signature', async () => {
    const { route, calls } = routeWithSpy(SECRET);
    const { req } = await request(encodeValue(stepPayload()));
    expect((await route(req)).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('401 and no handler call with a wrong signature (other secret, or tampered body)', async () => {
    const { route, calls } = routeWithSpy(SECRET);
    const other = await request(encodeValue(stepPayload()), { secret: 'another-secret-0123456789' });
    expect((await route(other.req)).status).toBe(401);
    const good = await request(encodeValue(stepPayload()), { secret: SECRET });
    const tampered = new Request(good.req, { body: encodeValue(stepPayload('throw')) });
    expect((await route(tampered)).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('401 for every request when no signing secret is configured', async () => {
    const { route, calls } = routeWithSpy(undefined);
    const { req } = await request(encodeValue(stepPayload()), { secret: SECRET });
    expect((await route(req)).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('runs the handler for a correctly signed request and answers as the runtime expects', async () => {
    const { route, calls } = routeWithSpy(SECRET);
    const payload = stepPayload();
    const { req } = await request(encodeValue(payload), { secret: SECRET });
    const res = await route(req);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ timeoutSeconds: 5 });
    expect(calls).toEqual([payload]);
  });

  it('delivers to a service binding when the handler lives in another Worker (signed, end to end)', async () => {
    // This queue has no handlers of its own; the consumer forwards to the test Worker's routes.
    const q = createTestQueue(env, { forward: env.SELF_SERVICE });
    const payload = stepPayload();
    const { messageId } = await q.queue('__wkf_step_s', payload);
    await vi.waitFor(async () =>
      expect((await recorderOf(env).calls(payload.workflowRunId)).map((c) => c.messageId)).toEqual([messageId]),
    );
  });
});
