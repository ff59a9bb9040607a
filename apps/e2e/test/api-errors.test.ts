import { describe, expect, it } from 'vitest';
import { client } from './setup.js';

describe('HTTP API errors', () => {
  it('unknown workflows, runs and tokens get 404 with a JSON error; malformed bodies 400', async () => {
    expect(await client.call('POST', '/runs/noSuchWorkflow', [])).toMatchObject({ status: 404, json: { error: { name: 'HTTPException' } } });
    expect(await client.call('GET', '/runs/wrun_01KAAAAAAAAAAAAAAAAAAAAAAA')).toMatchObject({ status: 404, json: { error: { name: 'WorkflowRunNotFoundError' } } });
    expect(await client.call('POST', '/runs/wrun_01KAAAAAAAAAAAAAAAAAAAAAAA/cancel')).toMatchObject({ status: 404 });
    expect(await client.call('POST', '/runs/processOrder', '{not json')).toMatchObject({ status: 400 });
    expect(await client.call('POST', '/runs/processOrder', { not: 'an array' })).toMatchObject({ status: 400 });
    expect(await client.call('POST', '/hooks/some-token', '{not json')).toMatchObject({ status: 400 });
  });

  it('the DevKit routes refuse unsigned deliveries (they run user code)', async () => {
    for (const route of ['flow', 'step']) {
      const { status } = await client.call('POST', `/.well-known/workflow/v1/${route}`, { runId: 'wrun_x' });
      expect(status).toBe(401);
    }
  });

  it('the webhook route answers bad and unknown tokens with JSON errors, never a 500', async () => {
    expect(await client.call('POST', '/.well-known/workflow/v1/webhook/%E0%A4%A', {})).toMatchObject({
      status: 400,
      json: { error: { name: 'WebhookError', code: 'MALFORMED_TOKEN' } },
    });
    expect(await client.call('POST', `/.well-known/workflow/v1/webhook/${crypto.randomUUID()}`, {})).toMatchObject({
      status: 404,
      json: { error: { name: 'WebhookError', code: 'HOOK_NOT_FOUND' } },
    });
    for (const name of ['__proto__', 'constructor', 'toString']) {
      expect((await client.call('POST', `/runs/${name}`, [])).status).toBe(404);
    }
  });
});
