/**
 * Encryption at rest: with WORKFLOW_ENCRYPTION_KEY set, the DevKit encrypts every payload under the run's key
 * (`getEncryptionKeyForRun`) and the World seals errors' texts under it, before anything is stored — no plaintext
 * in any file of the local D1, R2, KV or Durable Object storage — and reads round-trip. Rotation keeps old runs readable through
 * WORKFLOW_ENCRYPTION_KEYS_PREVIOUS; dropping their key makes reads fail with RuntimeDecryptionError.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createClient, isTerminal } from '../src/client.js';
import { type DevServer, startDevServer } from '../src/dev-server.js';
import { client } from './setup.js';

/**
 * Every file of the World's storage under `dir` (D1, R2, KV, Durable Objects) that contains `needle`. Skipped:
 * wrangler's local log store (`observability/`), which keeps what the runtime logs — the DevKit logs a failed
 * step's message — as Workers Logs would in production.
 */
function filesContaining(dir: string, needle: string): string[] {
  const bytes = Buffer.from(needle);
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (name === 'observability') continue;
      if (statSync(path).isDirectory()) walk(path);
      else if (readFileSync(path).includes(bytes)) found.push(path);
    }
  };
  walk(dir);
  return found;
}

/** Large enough that the run input and the step's argument and result go to R2. */
const secretInput = (marker: string) => `${marker} `.repeat(Math.ceil(20_000 / (marker.length + 1)));

const dir = mkdtempSync(join(tmpdir(), 'wwc-e2e-encryption-'));
const servers: DevServer[] = [];
afterAll(async () => {
  for (const s of servers) await s.stop();
  rmSync(dir, { recursive: true, force: true });
});

async function serve(name: string, vars: Record<string, string | null>): Promise<ReturnType<typeof createClient>> {
  const server = await startDevServer({ persistTo: join(dir, name), vars });
  servers.push(server);
  return createClient(server.url, server.apiToken);
}

describe('encryption at rest', () => {
  const keyA = randomBytes(32).toString('base64');
  const keyB = randomBytes(32).toString('base64');
  // One signing secret for the restarts below: runs' sandboxes are keyed by it.
  const signing = randomBytes(32).toString('hex');

  it('stores no plaintext anywhere, and reads round-trip (a control run without the key shows the scan finds it)', async () => {
    const marker = `SECRET-${randomBytes(6).toString('hex')}`;
    const encrypted = await serve('sealed', { WORKFLOW_ENCRYPTION_KEY: keyA, WORKFLOW_SIGNING_SECRET: signing });
    const runId = await encrypted.start('bigData', [secretInput(marker), 30_000]);
    const run = await encrypted.waitFor(runId, isTerminal, 120_000);
    expect(run).toMatchObject({ status: 'completed', output: { resultLength: 30_000, head: `${marker.slice(0, 8)}:` } });
    const chunkRun = await encrypted.start('bigChunk', [5_000]);
    expect((await encrypted.waitFor(chunkRun, isTerminal, 120_000)).status).toBe('completed');
    const lines = (await (await encrypted.readable(chunkRun)).text()).trim().split('\n');
    expect(JSON.parse(lines[0] as string)).toBe('c'.repeat(5_000)); // the stream decrypts for readers

    // A step that fails with the marker in its message: the error is sealed too, and reads back in the clear.
    const failed = await encrypted.start('fatal', [`card declined for ${marker}-error`]);
    const failedRun = await encrypted.waitFor(failed, isTerminal, 120_000);
    expect(failedRun.status).toBe('failed');
    expect(failedRun.error?.message).toContain(`${marker}-error`);
    expect((await encrypted.steps(failed))[0]?.error?.message).toContain(`${marker}-error`);

    for (const needle of [marker, 'z'.repeat(64), 'c'.repeat(64)]) {
      expect({ needle: needle.slice(0, 20), files: filesContaining(join(dir, 'sealed'), needle) }).toEqual({ needle: needle.slice(0, 20), files: [] });
    }

    // Control: the same run on the shared server (no key) leaves the marker in its files, so the scan can see it.
    const control = `CONTROL-${randomBytes(6).toString('hex')}`;
    const controlRun = await client.start('bigData', [secretInput(control), 30_000]);
    expect((await client.waitFor(controlRun, isTerminal, 120_000)).status).toBe('completed');
    expect(filesContaining(inject('persistDir'), control).length).toBeGreaterThan(0);
  });

  it('rotation: a run started under the old key finishes under the new one; without the old key its reads fail clearly', async () => {
    const persist = 'rotation';
    const before = await serve(persist, { WORKFLOW_ENCRYPTION_KEY: keyA, WORKFLOW_SIGNING_SECRET: signing });
    const orderId = `rot-${randomBytes(4).toString('hex')}`;
    const runId = await before.start('approval', [orderId]);
    await waitForEvent(before, runId, 'hook_created');
    await servers.pop()?.stop();

    const rotated = await serve(persist, { WORKFLOW_ENCRYPTION_KEY: keyB, WORKFLOW_ENCRYPTION_KEYS_PREVIOUS: keyA, WORKFLOW_SIGNING_SECRET: signing });
    expect((await rotated.resumeHook(`approval:${orderId}`, { approved: true, by: 'after-rotation' })).status).toBe(200);
    const done = await rotated.waitFor(runId, isTerminal, 120_000);
    expect(done.status).toBe('completed');
    expect(JSON.stringify(done.output)).toContain('after-rotation');
    const newRun = await rotated.start('bigData', ['new key', 100]);
    expect((await rotated.waitFor(newRun, isTerminal, 120_000)).status).toBe('completed');
    await servers.pop()?.stop();

    const keyDropped = await serve(persist, { WORKFLOW_ENCRYPTION_KEY: keyB, WORKFLOW_SIGNING_SECRET: signing });
    const { status, json } = await keyDropped.call<{ error: { name: string; message: string } }>('GET', `/runs/${runId}`);
    expect(status).toBe(500);
    expect(json.error).toMatchObject({ name: 'RuntimeDecryptionError', message: expect.stringMatching(/WORKFLOW_ENCRYPTION_KEYS_PREVIOUS/) });
    expect(json.error.message).not.toContain(keyA);
    // Runs under the key still configured read fine.
    expect((await keyDropped.run(newRun)).output).toMatchObject({ head: 'new key:z' });
  });
});

async function waitForEvent(c: ReturnType<typeof createClient>, runId: string, type: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await c.events(runId)).some((e) => e.eventType === type)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no ${type} event for ${runId}`);
}
