/// <reference types="@cloudflare/vitest-plugin/types" />
import { env } from 'cloudflare:test';
import { CloudflareWorldError, encodeValue } from '@workflow-world-cloudflare/core';
import { describe, expect, it } from 'vitest';
import { SIGNATURE_HEADER } from '../src/index.js';
import { createTestQueue } from './behaviour.js';
import { stepPayload } from './helpers.js';
import { request, routeWithSpy, SECRET } from './signed-request.js';

const nowSeconds = () => Math.floor(Date.now() / 1000);

describe('signed deliveries cannot be replayed outside the window', () => {
  it('a fresh signature, and one a few minutes old but inside the default 5-minute window, run the handler', async () => {
    const { route, calls } = routeWithSpy(SECRET);
    const fresh = await request(encodeValue(stepPayload()), { secret: SECRET });
    expect((await route(fresh.req)).status).toBe(200);
    const older = await request(encodeValue(stepPayload()), { secret: SECRET, signedAt: nowSeconds() - 240 });
    expect((await route(older.req)).status).toBe(200);
    expect(calls).toHaveLength(2);
  });

  it('an expired signature (valid MAC, signed 301 s ago) -> 401 and no handler call', async () => {
    const { route, calls } = routeWithSpy(SECRET);
    const { req } = await request(encodeValue(stepPayload()), { secret: SECRET, signedAt: nowSeconds() - 301 });
    const res = await route(req);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'Unauthorized' });
    expect(calls).toEqual([]);
  });

  it('a future-dated signature (valid MAC, 301 s ahead) -> 401 and no handler call', async () => {
    const { route, calls } = routeWithSpy(SECRET);
    const { req } = await request(encodeValue(stepPayload()), { secret: SECRET, signedAt: nowSeconds() + 301 });
    expect((await route(req)).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('a tampered timestamp (an old capture re-dated to now, or any other change) -> 401 and no handler call', async () => {
    const { route, calls } = routeWithSpy(SECRET);
    const now = nowSeconds();
    const redated = await request(encodeValue(stepPayload()), { secret: SECRET, signedAt: now - 3_600, timestampHeader: String(now) });
    expect((await route(redated.req)).status).toBe(401);
    const nudged = await request(encodeValue(stepPayload()), { secret: SECRET, signedAt: now, timestampHeader: String(now - 1) });
    expect((await route(nudged.req)).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('a missing or malformed timestamp header -> 401 and no handler call', async () => {
    const { route, calls } = routeWithSpy(SECRET);
    for (const timestampHeader of ['', 'abc', '-5', '1e9', `${nowSeconds()}.5`]) {
      const { req } = await request(encodeValue(stepPayload()), { secret: SECRET, timestampHeader });
      expect((await route(req)).status).toBe(401);
    }
    const { req } = await request(encodeValue(stepPayload()), { secret: SECRET });
    const headers = new Headers(req.headers);
    headers.delete('x-wwc-signature-timestamp');
    expect((await route(new Request(req, { headers }))).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('a signature in the old format (no timestamp in the MAC) -> 401 even with a fresh timestamp header', async () => {
    const { route, calls } = routeWithSpy(SECRET);
    const body = encodeValue(stepPayload());
    const { req } = await request(body, { secret: SECRET });
    const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(SECRET), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    const text = `__wkf_step_s\n${req.headers.get('x-vqs-message-id')}\n1\n${body}`;
    const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(text)));
    const headers = new Headers(req.headers);
    headers.set(SIGNATURE_HEADER, [...mac].map((b) => b.toString(16).padStart(2, '0')).join(''));
    expect((await route(new Request(req, { headers }))).status).toBe(401);
    expect(calls).toEqual([]);
  });

  it('the window is configurable (signatureWindowSeconds) and checked at creation', async () => {
    const narrow = routeWithSpy(SECRET, { signatureWindowSeconds: 30 });
    const wide = routeWithSpy(SECRET);
    const signedAt = nowSeconds() - 60;
    const body = encodeValue(stepPayload());
    expect((await narrow.route((await request(body, { secret: SECRET, signedAt })).req)).status).toBe(401);
    expect((await wide.route((await request(body, { secret: SECRET, signedAt })).req)).status).toBe(200);
    expect(narrow.calls).toEqual([]);
    expect(wide.calls).toHaveLength(1);
    for (const bad of [0, 1.5, 7_200]) {
      const error = (() => {
        try {
          createTestQueue(env, { signatureWindowSeconds: bad });
        } catch (e) {
          return e;
        }
        return undefined;
      })();
      expect(CloudflareWorldError.is(error) && error.code).toBe('CONFIG_INVALID');
    }
  });
});
