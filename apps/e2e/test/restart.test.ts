/**
 * A run survives a restart of `wrangler dev` in the middle: state persisted in the local D1 / R2 / Durable
 * Objects (the `--persist-to` directory) carries the run to completion on the next server.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createClient, isTerminal } from '../src/client.js';
import { type DevServer, startDevServer } from '../src/dev-server.js';

const dir = mkdtempSync(join(tmpdir(), 'wwc-e2e-restart-'));
const persistTo = join(dir, 'state');
let server: DevServer | undefined;
// One secret across the restart, as a deployment keeps its secret: keyed runs replay identically after it.
const vars = { WORKFLOW_SIGNING_SECRET: randomBytes(32).toString('hex') };

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
    server = await startDevServer({ persistTo, vars });
    let client = createClient(server.url, server.apiToken);
    const orderId = `r-${crypto.randomUUID()}`;
    const waiting = await client.start('approval', [orderId]);
    const napping = await client.start('napThenGreet', ['rita', '4s']);
    const hasEvent = (runId: string, type: string) => async () =>
      (await client.events(runId)).some((e) => e.eventType === type);
    await until(hasEvent(waiting, 'hook_created'), 'the hook');
    await until(hasEvent(napping, 'wait_created'), 'the sleep');

    await server.stop();
    server = await startDevServer({ persistTo, vars });
    client = createClient(server.url, server.apiToken);

    expect((await client.run(waiting)).status).toBe('running');
    const resumed = await client.resumeHook(`approval:${orderId}`, { approved: false, by: 'after-restart' });
    expect(resumed.status).toBe(200);
    const approved = await client.waitFor(waiting, isTerminal);
    expect(approved.output).toEqual({ orderId, approved: false, by: 'after-restart' });
    const napped = await client.waitFor(napping, isTerminal, 60_000);
    expect(napped.output).toMatchObject({ greeting: 'good morning, rita' });
  });

  it('a step cut off by a crash runs again within seconds of the restart, not after a lease', async () => {
    await server?.stop();
    const crashDir = mkdtempSync(join(tmpdir(), 'wwc-e2e-crash-'));
    try {
      server = await startDevServer({ persistTo: join(crashDir, 'state'), vars });
      let client = createClient(server.url, server.apiToken);
      // One step that writes 60 progress records 100 ms apart: about 6 s in flight.
      const runId = await client.start('progress', [60, 100]);
      await until(async () => (await client.steps(runId)).some((s) => s.status === 'running'), 'the step running');

      // The runtime dies with the step in flight (wrangler stopped: workerd and every object with it).
      await server.stop();
      server = await startDevServer({ persistTo: join(crashDir, 'state'), vars });
      client = createClient(server.url, server.apiToken);
      const restartedAt = Date.now();
      // The run object's alarm (armed 5 s ahead while a delivery is in flight) wakes it, and it delivers the
      // step again at once; a lease-based redelivery would wait 300 s. 90 s leaves room for a loaded machine.
      const done = await client.waitFor(runId, isTerminal, 90_000);
      expect(done.status).toBe('completed');
      expect(done.output).toEqual({ done: 60 });
      expect(Date.now() - restartedAt).toBeLessThan(90_000);
      const [step] = await client.steps(runId);
      expect(step?.attempt).toBeGreaterThanOrEqual(2);
    } finally {
      await server?.stop();
      server = undefined;
      rmSync(crashDir, { recursive: true, force: true });
    }
  });
});
