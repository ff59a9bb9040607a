/// <reference types="@cloudflare/vitest-plugin/types" />
/**
 * The World API (`worker/world-api.ts`) and the remote World (`remote/client.ts`) together, in workerd: the
 * remote World's fetch calls the route in process, so every request takes the real HTTP path (devalue bodies,
 * framed streams, JSON errors) against the real World on local bindings.
 *
 * - The shared Storage and Streamer contracts pass through the remote World with the operator token: values
 *   (dates, bytes) and errors (by class) survive the trip.
 * - Who may call what: off without a token, 401 without / with a wrong token, 403 for a read token on a write
 *   (and nothing written), weak tokens refused, bad tokens rate limited per address, hook tokens and
 *   encryption keys never shown to read tokens.
 */
import { env } from 'cloudflare:test';
import { runStorageContract, runStreamerContract } from '@workflow-world-cloudflare/core/testing';
import type { Storage } from '@workflow/world';
import { describe, expect, it } from 'vitest';
import { createCloudflareWorld } from '../src/index.js';
import { createRemoteWorld } from '../src/remote/index.js';
import { encodeBody } from '../src/remote/protocol.js';
import { BAD_TOKEN_LIMIT } from '../src/worker/world-api-auth.js';
import { serveWorldApi } from '../src/worker/world-api.js';
import { createRun, enc, testWorld } from './helpers.js';

const OPERATOR = 'op_'.padEnd(40, 'o');
const READER = 'rd_'.padEnd(40, 'r');
const TOKENS = { WORKFLOW_WORLD_API_TOKEN: OPERATOR, WORKFLOW_WORLD_API_READ_TOKEN: READER };
const BASE = 'https://app.example.com';
const API = `${BASE}/.well-known/workflow/v1/world/`;
const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

/** A fetch that serves requests with the World API of `world`, as the Worker would, from a given client address. */
function inProcess(world = testWorld(), vars: Record<string, string> = TOKENS, address = '203.0.113.1'): typeof fetch {
  return async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    request.headers.set('cf-connecting-ip', address);
    return serveWorldApi(request, world, vars);
  };
}

const remote = (token = OPERATOR, fetch = inProcess()) => createRemoteWorld({ url: BASE, token, fetch });

const post = (body: string, token?: string, address?: string) =>
  inProcess(undefined, TOKENS, address)(`${API}call`, {
    method: 'POST',
    headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    body,
  });

describe('remote World, operator token (Storage contract over HTTP)', () => {
  runStorageContract((): Storage => {
    const world = createCloudflareWorld(env, { MAX_PAYLOAD_BYTES });
    const client = remote(OPERATOR, inProcess(world));
    return { runs: client.runs, steps: client.steps, events: client.events, hooks: client.hooks };
  });
});

describe('remote World, operator token (Streamer contract over HTTP)', () => runStreamerContract(() => remote()));

describe('World API access', () => {
  it('is off without a token: 404, and the remote World says how to turn it on', async () => {
    const off = createRemoteWorld({ url: BASE, token: OPERATOR, fetch: inProcess(testWorld(), {}) });
    const error = await off.runs.list({}).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'WorkflowWorldError', status: 404, code: 'WORLD_API_OFF' });
    expect((error as Error).message).toContain('WORKFLOW_WORLD_API_TOKEN');
  });

  it('refuses to open on a short token (503 naming the variable)', async () => {
    const weak = createRemoteWorld({ url: BASE, token: 'short', fetch: inProcess(testWorld(), { WORKFLOW_WORLD_API_TOKEN: 'short' }) });
    const error = await weak.runs.list({}).catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'WorkflowWorldError', status: 503, code: 'WORLD_API_MISCONFIGURED' });
    expect((error as Error).message).toContain('WORKFLOW_WORLD_API_TOKEN must be at least 32 characters');
  });

  it('answers 401 without a token or with a wrong one, 400 for a malformed header', async () => {
    const body = encodeBody({ method: 'runs.list', args: [{}] });
    const none = await post(body);
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({ error: { code: 'WORLD_API_TOKEN_REQUIRED' } });
    const wrong = await post(body, `${OPERATOR}x`, '203.0.113.50');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'WORLD_API_TOKEN_INVALID' } });
    const malformed = await inProcess()(`${API}call`, { method: 'POST', headers: { authorization: 'Basic abc' }, body });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'MALFORMED_AUTHORIZATION' } });
    const rejected = await remote(`${READER}x`, inProcess(undefined, TOKENS, '203.0.113.51')).runs.list({}).catch((e: Error) => e);
    expect(rejected).toMatchObject({ name: 'WorkflowWorldError', status: 401 });
  });

  it('gives a read token every read and a 403 on every write, which changes nothing', async () => {
    const runId = await createRun('remote-read-only');
    const reader = remote(READER);
    expect((await reader.runs.get(runId)).status).toBe('pending');
    expect((await reader.events.list({ runId })).data.map((e) => e.eventType)).toEqual(['run_created']);
    const writes: Array<[string, () => Promise<unknown>]> = [
      ['events.create', () => reader.events.create(runId, { eventType: 'run_cancelled' })],
      ['queue', () => reader.queue('__wkf_workflow_remote-read-only', { runId })],
      ['runs.cancelMany', () => reader.runs.cancelMany({ runIds: [runId] })],
      ['writeToStream', () => reader.writeToStream('s', runId, enc('x'))],
      ['closeStream', () => reader.closeStream('s', runId)],
    ];
    for (const [method, write] of writes) {
      const error = await write().catch((e: Error) => e);
      expect(error, method).toMatchObject({ name: 'WorkflowWorldError', status: 403, code: 'READ_ONLY_TOKEN' });
      expect((error as Error).message).toContain(method);
    }
    expect((await testWorld().runs.get(runId)).status).toBe('pending');
    expect((await testWorld().events.list({ runId })).data).toHaveLength(1);
    expect(await testWorld().listStreamsByRunId(runId)).toEqual([]);
  });

  it('never shows a read token a hook token or an encryption key', async () => {
    const runId = await createRun('remote-hooks');
    const token = `tok_${crypto.randomUUID()}`;
    await testWorld().events.create(runId, { eventType: 'run_started' });
    await testWorld().events.create(runId, { eventType: 'hook_created', correlationId: 'hook_1', eventData: { token, metadata: enc('m') } });
    const reader = remote(READER);
    expect((await reader.hooks.get('hook_1')).token).toBe('[redacted]');
    expect((await reader.hooks.getByToken(token)).hookId).toBe('hook_1');
    expect((await reader.hooks.list({ runId })).data.map((h) => h.token)).toEqual(['[redacted]']);
    const events = (await reader.events.list({ runId })).data;
    expect(events.find((e) => e.eventType === 'hook_created')).toMatchObject({ eventData: { token: '[redacted]' } });
    expect(JSON.stringify(await reader.events.listByCorrelationId({ correlationId: 'hook_1' }))).not.toContain(token);
    expect(await reader.getEncryptionKeyForRun?.(runId)).toBeUndefined();
    // The operator sees them.
    expect((await remote().hooks.get('hook_1')).token).toBe(token);
  });

  it('locks an address out after too many bad tokens, even for the right token, and leaves others alone', async () => {
    const attacker = '198.51.100.7';
    const body = encodeBody({ method: 'runs.list', args: [{}] });
    for (let i = 0; i < BAD_TOKEN_LIMIT; i++) expect((await post(body, `guess-${i}`.padEnd(40, 'g'), attacker)).status).toBe(401);
    const locked = await post(body, OPERATOR, attacker);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await locked.json()).toMatchObject({ error: { code: 'TOO_MANY_BAD_TOKENS' } });
    expect((await post(body, OPERATOR, '198.51.100.8')).status).toBe(200);
  });

  it('types its devalue bodies as JSON text, which they are (workerd warns on every .text() of a body typed otherwise)', async () => {
    const response = await post(encodeBody({ method: 'runs.list', args: [{ pagination: { limit: 1 } }] }), OPERATOR);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/[\w.-]+\+json$/);
    expect(Array.isArray(JSON.parse(await response.text()))).toBe(true);
  });

  it('answers a call to a method outside the API, or a malformed body, with 400 and calls nothing', async () => {
    const bodies = [
      encodeBody({ method: 'constructor', args: [] }),
      encodeBody({ method: 'toString', args: [] }),
      encodeBody({ method: 'runs.list' }),
      encodeBody({ method: 'runs.list', args: [1, 2, 3, 4, 5] }),
      'not devalue',
    ];
    for (const body of bodies) {
      const response = await post(body, OPERATOR);
      expect(response.status, body).toBe(400);
      expect(await response.json()).toMatchObject({ error: { name: 'CloudflareWorldError', code: 'INVALID_ARGUMENT' } });
    }
  });

  it('streams a stream chunk by chunk with boundaries kept, and passes World errors by class', async () => {
    const runId = await createRun('remote-stream');
    const world = testWorld();
    await world.writeToStream('out', runId, enc('a'));
    await world.writeToStream('out', runId, enc('bc'));
    const reader = remote(READER);
    const chunks: string[] = [];
    const stream = await reader.readFromStream('out');
    const iterator = stream.getReader();
    // The first two chunks arrive while the stream is still open (nothing is buffered to the end).
    for (let i = 0; i < 2; i++) chunks.push(new TextDecoder().decode((await iterator.read()).value));
    await world.writeToStream('out', runId, enc('d'));
    await world.closeStream('out', runId);
    for (;;) {
      const { done, value } = await iterator.read();
      if (done) break;
      chunks.push(new TextDecoder().decode(value));
    }
    expect(chunks).toEqual(['a', 'bc', 'd']);
    const error = await reader.runs.get('wrun_00000000000000000000000000').catch((e: Error) => e);
    expect(error).toMatchObject({ name: 'WorkflowRunNotFoundError' });
  });
});
