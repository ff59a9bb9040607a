import { describe, expect, it } from 'vitest';
import { isTerminal } from '../src/client.js';
import { baseUrl, client } from './setup.js';

async function hooksOf(runId: string): Promise<{ token: string; isWebhook?: boolean }[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { json } = await client.call<{ data: { token: string; isWebhook?: boolean }[] }>('GET', `/runs/${runId}/hooks`);
    if (json.data.length > 0) return json.data;
    if (Date.now() > deadline) throw new Error(`run ${runId} created no hook`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('hooks and webhooks', () => {
  it('approval: createHook() is resumed by resumeHook(token, payload) and the payload arrives', async () => {
    const orderId = `o-${crypto.randomUUID()}`;
    const runId = await client.start('approval', [orderId]);
    const [hook] = await hooksOf(runId);
    expect(hook!.token).toBe(`approval:${orderId}`);
    const resumed = await client.resumeHook(`approval:${orderId}`, { approved: true, by: 'ceo' });
    expect(resumed.status).toBe(200);
    const run = await client.waitFor(runId, isTerminal);
    expect(run.output).toEqual({ orderId, approved: true, by: 'ceo' });
    const types = (await client.events(runId)).map((e) => e.eventType);
    expect(types).toEqual(expect.arrayContaining(['hook_created', 'hook_received']));
  });

  it('unknown tokens get 404 with a JSON error', async () => {
    const { status, json } = await client.resumeHook('no-such-token', { x: 1 });
    expect(status).toBe(404);
    expect(json).toEqual({ error: { name: 'HookNotFoundError', message: expect.any(String) } });
  });

  it('webhookWait: createWebhook() is resumed by an HTTP request to its URL', async () => {
    const runId = await client.start('webhookWait', []);
    const [hook] = await hooksOf(runId);
    expect(hook!.isWebhook).toBe(true);
    // The token was drawn from randomness keyed by the server's secret, not from the run's public fields.
    expect((await client.execution(runId)).sandboxRandomness).toMatch(/^keyed-v1:[0-9a-f]{16}$/);
    const res = await fetch(`${baseUrl}/.well-known/workflow/v1/webhook/${encodeURIComponent(hook!.token)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hello: 'world' }),
    });
    expect(res.status).toBeLessThan(300);
    const run = await client.waitFor(runId, isTerminal);
    expect(run.output).toEqual({ method: 'POST', body: { hello: 'world' } });
  });
});
