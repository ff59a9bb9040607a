/**
 * Who may call what (apps/example/src/auth.ts), and webhook tokens nobody can compute.
 *
 * The shared server runs as in production: an API_TOKEN and a signing secret. A second server runs without the
 * signing secret — DevKit 4.8's public seed — to show the attack the secret prevents. (An API_TOKEN that is unset
 * or too short keeps the operator routes closed: apps/example/test/auth.test.ts.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicSeedHookToken } from '../src/attacker.js';
import { createClient, isTerminal, type RunView } from '../src/client.js';
import { type DevServer, startDevServer } from '../src/dev-server.js';
import { baseUrl, client } from './setup.js';

const anonymous = createClient(baseUrl);

/** Every route that reads a run or acts on it, with a body where it takes one. */
const OPERATOR_ROUTES = (runId: string): [string, string, unknown?][] => [
  ['GET', `/runs/${runId}`],
  ['GET', `/runs/${runId}/steps`],
  ['GET', `/runs/${runId}/events`],
  ['GET', `/runs/${runId}/hooks`],
  ['GET', `/runs/${runId}/readable`],
  ['POST', `/hooks/${encodeURIComponent(`approval:${runId}`)}`, { approved: true }],
  ['POST', `/runs/${runId}/cancel`],
  ['POST', '/cancellations', { runIds: [runId] }],
  ['POST', '/cancellations', { workflowName: 'approval' }],
  ['POST', `/runs/${runId}/pause`],
  ['POST', `/runs/${runId}/resume`],
  ['POST', `/runs/${runId}/retention`, { retention: 0 }],
  ['POST', `/__test/runs/${runId}/wake`],
  ['GET', `/__test/runs/${runId}/execution`],
];

async function firstHookToken(c: ReturnType<typeof createClient>, runId: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const { json } = await c.call<{ data: { token: string }[] }>('GET', `/runs/${runId}/hooks`);
    if (json.data?.[0]) return json.data[0].token;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`run ${runId} created no hook`);
}

const webhook = (url: string, token: string) =>
  fetch(`${url}/.well-known/workflow/v1/webhook/${encodeURIComponent(token)}`, { method: 'POST', body: '{"from":"outsider"}' });

describe('operator routes need the API token', () => {
  it('without a token, with a wrong one, or a malformed header: 401 / 400 JSON with a code, and nothing happens', async () => {
    const runId = await client.start('approval', [`auth-${crypto.randomUUID()}`]);
    const wrong = createClient(baseUrl, 'f'.repeat(64));
    for (const [method, path, body] of OPERATOR_ROUTES(runId)) {
      const missing = await anonymous.call<{ error: { code: string } }>(method, path, body);
      expect([path, missing.status, missing.json?.error?.code]).toEqual([path, 401, 'API_TOKEN_REQUIRED']);
      const invalid = await wrong.call<{ error: { code: string } }>(method, path, body);
      expect([path, invalid.status, invalid.json?.error?.code]).toEqual([path, 401, 'API_TOKEN_INVALID']);
    }
    const malformed = await fetch(`${baseUrl}/runs/${runId}`, { headers: { authorization: 'Basic b3BlcmF0b3I6cGFzcw==' } });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'MALFORMED_AUTHORIZATION' } });
    const challenge = await fetch(`${baseUrl}/runs/${runId}`);
    expect(challenge.headers.get('www-authenticate')).toMatch(/^Bearer /);
    // None of the refused cancels / pauses / resumes took effect.
    const run = await client.run(runId);
    expect(run).toMatchObject({ status: 'running', paused: false });
    expect((await client.events(runId)).map((e) => e.eventType)).not.toContain('run_cancelled');
  });

  it('start, the workflow list, health and the DevKit webhook route are public', async () => {
    expect((await anonymous.call('GET', '/health')).status).toBe(200);
    expect((await anonymous.call('GET', '/workflows')).status).toBe(200);
    const runId = await anonymous.start('webhookWait', []);
    const token = await firstHookToken(client, runId);
    expect((await webhook(baseUrl, token)).status).toBeLessThan(300);
    expect((await client.waitFor(runId, isTerminal)).status).toBe('completed');
  });
});

describe('webhook tokens', () => {
  it('with the signing secret, the token rebuilt from public run fields is not the run’s token, and gets 404', async () => {
    const runId = await client.start('webhookWait', []);
    const token = await firstHookToken(client, runId);
    const run = (await client.run(runId)) as RunView & { startedAt: string };
    const guess = publicSeedHookToken(run);
    expect(guess).not.toBe(token);
    const answer = await webhook(baseUrl, guess);
    expect(answer.status).toBe(404);
    expect(await answer.json()).toMatchObject({ error: { code: 'HOOK_NOT_FOUND' } });
    expect((await client.run(runId)).status).toBe('running');
  });

  describe('on a server without the signing secret (DevKit 4.8’s public seed)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wwc-e2e-open-'));
    let open: DevServer | undefined;
    beforeAll(async () => {
      open = await startDevServer({ persistTo: join(dir, 'state'), vars: { WORKFLOW_SIGNING_SECRET: null, E2E_TEST_CONTROLS: '1' } });
    });
    afterAll(async () => {
      await open?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('the token rebuilt from the run’s public fields is the run’s token, and resumes it (what the secret prevents)', async () => {
      const operator = createClient(open!.url, open!.apiToken);
      const runId = await createClient(open!.url).start('webhookWait', []);
      const token = await firstHookToken(operator, runId);
      const run = (await operator.run(runId)) as RunView & { startedAt: string };
      expect(publicSeedHookToken(run)).toBe(token);
      expect((await operator.execution(runId)).sandboxRandomness).toBeUndefined();
      expect((await webhook(open!.url, publicSeedHookToken(run))).status).toBeLessThan(300);
      expect(await operator.waitFor(runId, isTerminal)).toMatchObject({ status: 'completed', output: { body: { from: 'outsider' } } });
    });
  });
});
