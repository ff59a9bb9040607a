/// <reference types="@cloudflare/vitest-plugin/types" />
import { env } from 'cloudflare:test';
import { encodeValue } from '@workflow-world-cloudflare/core';
import { describe, expect, it, vi } from 'vitest';
import { createTestQueue, recorderOf } from './behaviour.js';
import { stepPayload } from './helpers.js';
import { request, routeWithSpy, SECRET } from './signed-request.js';

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
