/**
 * The operator routes' guard (src/auth.ts) on its own, in Node: closed without a usable API_TOKEN, open to the
 * right bearer token only, every refusal JSON with a stable code. (apps/e2e checks every route of the running
 * Worker.)
 */
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { operatorsOnly } from '../src/auth.js';
import type { Env } from '../src/env.js';
import { errorResponse } from '../src/errors.js';

const TOKEN = 'a'.repeat(24) + crypto.randomUUID();
const app = new Hono<{ Bindings: Env }>();
app.onError(errorResponse);
app.get('/guarded', operatorsOnly, (c) => c.json({ ok: true }));

async function call(env: Partial<Env>, authorization?: string) {
  const res = await app.request('/guarded', { headers: authorization ? { authorization } : {} }, env as Env);
  return { status: res.status, body: (await res.json()) as { ok?: boolean; error?: { code: string } } };
}

describe('operatorsOnly', () => {
  it('lets the right bearer token through', async () => {
    expect(await call({ API_TOKEN: TOKEN }, `Bearer ${TOKEN}`)).toEqual({ status: 200, body: { ok: true } });
  });

  it('refuses a missing, wrong, prefixed or malformed token', async () => {
    expect((await call({ API_TOKEN: TOKEN })).body.error?.code).toBe('API_TOKEN_REQUIRED');
    expect(await call({ API_TOKEN: TOKEN }, `Bearer ${TOKEN}x`)).toMatchObject({ status: 401, body: { error: { code: 'API_TOKEN_INVALID' } } });
    expect(await call({ API_TOKEN: TOKEN }, `Bearer ${TOKEN.slice(0, -1)}`)).toMatchObject({ status: 401 });
    expect(await call({ API_TOKEN: TOKEN }, `Basic ${TOKEN}`)).toMatchObject({ status: 400, body: { error: { code: 'MALFORMED_AUTHORIZATION' } } });
  });

  it('stays closed while API_TOKEN is unset or shorter than 32 characters, whatever the caller sends', async () => {
    expect(await call({}, 'Bearer anything')).toMatchObject({ status: 401, body: { error: { code: 'API_TOKEN_NOT_SET' } } });
    expect(await call({ API_TOKEN: '' }, 'Bearer x')).toMatchObject({ status: 401, body: { error: { code: 'API_TOKEN_NOT_SET' } } });
    const short = 'b'.repeat(31);
    expect(await call({ API_TOKEN: short }, `Bearer ${short}`)).toMatchObject({ status: 401, body: { error: { code: 'API_TOKEN_NOT_SET' } } });
  });
});
