/**
 * A run survives a restart of `wrangler dev` in the middle: state persisted in the local D1 / R2 / Durable
 * Objects (the `--persist-to` directory) carries the run to completion on the next server.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient, isTerminal } from '../src/client.js';
import { type DevServer, startDevServer } from '../src/dev-server.js';

const dir = mkdtempSync(join(tmpdir(), 'wwc-e2e-restart-'));
const persistTo = join(dir, 'state');
let server: DevServer | undefined;

afterAll(async () => {
  await server?.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function until(check: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}\n${server?.log() ?? ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('restart', () => {
  it('runs started before a restart of wrangler dev complete after it', async () => {
    server = await startDevServer({ persistTo });
    let client = createClient(server.url);
    const orderId = `r-${crypto.randomUUID()}`;
    const waiting = await client.start('approval', [orderId]);
    const napping = await client.start('napThenGreet', ['rita', '4s']);
    const hasEvent = (runId: string, type: string) => async () =>
      (await client.events(runId)).some((e) => e.eventType === type);
    await until(hasEvent(waiting, 'hook_created'), 'the hook');
    await until(hasEvent(napping, 'wait_created'), 'the sleep');

    await server.stop();
    server = await startDevServer({ persistTo });
    client = createClient(server.url);

    expect((await client.run(waiting)).status).toBe('running');
    const resumed = await client.resumeHook(`approval:${orderId}`, { approved: false, by: 'after-restart' });
    expect(resumed.status).toBe(200);
    const approved = await client.waitFor(waiting, isTerminal);
    expect(approved.output).toEqual({ orderId, approved: false, by: 'after-restart' });
    const napped = await client.waitFor(napping, isTerminal, 60_000);
    expect(napped.output).toMatchObject({ greeting: 'good morning, rita' });
  });
});
