/**
 * `getEncryptionKeyForRun`: per-run AES-256 keys derived from WORKFLOW_ENCRYPTION_KEY, the stamp that ties a run to
 * its key, rotation through WORKFLOW_ENCRYPTION_KEYS_PREVIOUS, and the error for a key that is gone. (That the
 * DevKit then stores only ciphertext: apps/e2e/test/encryption.test.ts.)
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createCloudflareWorld } from '../src/index.js';
import { enc } from './helpers.js';

const KEY_A = 'a'.repeat(20) + crypto.randomUUID();
const KEY_B = 'b'.repeat(20) + crypto.randomUUID();
const worldWith = (keys: { WORKFLOW_ENCRYPTION_KEY?: string; WORKFLOW_ENCRYPTION_KEYS_PREVIOUS?: string }) =>
  createCloudflareWorld({ ...env, ...keys });
type TestWorld = ReturnType<typeof worldWith>;

async function newRun(world: TestWorld): Promise<string> {
  const { run } = await world.events.create(null, {
    eventType: 'run_created',
    specVersion: 3,
    eventData: { deploymentId: 'dpl_test', workflowName: 'secret', input: enc('[]') },
  });
  return run?.runId as string;
}

const hex = (b: Uint8Array | undefined) => (b ? [...b].map((x) => x.toString(16).padStart(2, '0')).join('') : 'none');

describe('encryption keys', () => {
  it('without a key: no stamp, no key, no lookup — runs stay unencrypted', async () => {
    const world = worldWith({});
    const runId = await newRun(world);
    expect((await world.runs.get(runId)).executionContext?.encryptionKey).toBeUndefined();
    expect(await world.getEncryptionKeyForRun?.(runId)).toBeUndefined();
    expect(await world.getEncryptionKeyForRun?.('wrun_01KAAAAAAAAAAAAAAAAAAAAAAD')).toBeUndefined(); // not even looked up
  });

  it('a run is stamped with its key’s fingerprint and gets its own 32-byte key, the same from the run or its id', async () => {
    const world = worldWith({ WORKFLOW_ENCRYPTION_KEY: KEY_A });
    const first = await newRun(world);
    const second = await newRun(world);
    const run = await world.runs.get(first);
    expect(run.executionContext?.encryptionKey).toMatch(/^aes256gcm-v1:[0-9a-f]{16}$/);
    expect(JSON.stringify(run)).not.toContain(KEY_A); // the stamp reveals nothing of the key
    const fromRun = await world.getEncryptionKeyForRun?.(run);
    expect(fromRun).toBeInstanceOf(Uint8Array);
    expect(fromRun?.byteLength).toBe(32);
    // A fresh World (another isolate) knows the run by its id only: it reads the stamp.
    expect(hex(await worldWith({ WORKFLOW_ENCRYPTION_KEY: KEY_A }).getEncryptionKeyForRun?.(first))).toBe(hex(fromRun));
    expect(hex(await world.getEncryptionKeyForRun?.(second))).not.toBe(hex(fromRun)); // one key per run
  });

  it('rotation: runs keep the key they were created with while it is listed as previous; new runs take the new key', async () => {
    const before = worldWith({ WORKFLOW_ENCRYPTION_KEY: KEY_A });
    const oldRun = await newRun(before);
    const oldKey = await before.getEncryptionKeyForRun?.(oldRun);

    const rotated = worldWith({ WORKFLOW_ENCRYPTION_KEY: KEY_B, WORKFLOW_ENCRYPTION_KEYS_PREVIOUS: ` ${KEY_A} ` });
    expect(hex(await rotated.getEncryptionKeyForRun?.(oldRun))).toBe(hex(oldKey));
    const newRunId = await newRun(rotated);
    const stamps = [oldRun, newRunId].map(async (id) => (await rotated.runs.get(id)).executionContext?.encryptionKey);
    const [oldStamp, newStamp] = await Promise.all(stamps);
    expect(newStamp).not.toBe(oldStamp);
    expect(hex(await rotated.getEncryptionKeyForRun?.(newRunId))).not.toBe(hex(oldKey));
    // start() asks for a run it is about to create (with a context): the current key.
    const fresh = 'wrun_01KAAAAAAAAAAAAAAAAAAAAAAE';
    expect((await rotated.getEncryptionKeyForRun?.(fresh, { deploymentId: 'dpl_test' }))?.byteLength).toBe(32);
  });

  it('a run whose key is no longer configured fails with RuntimeDecryptionError naming the key', async () => {
    const before = worldWith({ WORKFLOW_ENCRYPTION_KEY: KEY_A });
    const runId = await newRun(before);
    const stamp = (await before.runs.get(runId)).executionContext?.encryptionKey as string;
    const after = worldWith({ WORKFLOW_ENCRYPTION_KEY: KEY_B });
    const error = await after.getEncryptionKeyForRun?.(runId).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'RuntimeDecryptionError' });
    expect((error as Error).message).toContain(stamp);
    expect((error as Error).message).toContain('WORKFLOW_ENCRYPTION_KEYS_PREVIOUS');
    expect((error as Error).message).not.toContain(KEY_A);
  });

  it('errors are sealed at rest (object rows, D1, KV) and read back in the clear', async () => {
    const world = worldWith({ WORKFLOW_ENCRYPTION_KEY: KEY_A });
    const runId = await newRun(world);
    const secret = `card 4242-${crypto.randomUUID()}`;
    const stepId = `step_${runId}`;
    await world.events.create(runId, { eventType: 'run_started', specVersion: 3 });
    await world.events.create(runId, { eventType: 'step_created', specVersion: 3, correlationId: stepId, eventData: { stepName: 's', input: enc('[]') } });
    await world.events.create(runId, { eventType: 'step_started', specVersion: 3, correlationId: stepId });
    await world.events.create(runId, {
      eventType: 'step_failed',
      specVersion: 3,
      correlationId: stepId,
      eventData: { error: `declined: ${secret}`, stack: `Error: declined: ${secret}\n    at charge` },
    });
    await world.events.create(runId, {
      eventType: 'run_failed',
      specVersion: 3,
      eventData: { error: { message: `run failed: ${secret}`, stack: `Error: ${secret}` }, errorCode: 'USER_ERROR' },
    });

    // Read back: plain text, as the DevKit and callers expect.
    const step = await world.steps.get(runId, stepId);
    expect(step.error).toMatchObject({ message: `declined: ${secret}`, stack: expect.stringContaining(secret) });
    const run = await world.runs.get(runId);
    expect(run.error).toMatchObject({ message: `run failed: ${secret}`, code: 'USER_ERROR' });
    for (const resolveData of ['all', 'none'] as const) {
      const events = (await world.events.list({ runId, resolveData })).data;
      expect(JSON.stringify(events.find((e) => e.eventType === 'step_failed'))).toContain(secret);
    }
    expect((await world.runs.list({ workflowName: 'secret', resolveData: 'none' })).data.find((r) => r.runId === runId)?.error?.message).toBe(
      `run failed: ${secret}`,
    );

    // At rest: nowhere in the run object's rows, the D1 index or the KV cache.
    const rows = await runInDurableObject(env.WORKFLOW_RUN.get(env.WORKFLOW_RUN.idFromName(runId)), (_i, state) =>
      ['wf_events', 'wf_run', 'wf_steps'].flatMap((t) => state.storage.sql.exec(`SELECT data FROM ${t}`).toArray().map((r) => String(r.data))),
    );
    expect(rows.join('\n')).toContain('wwc-sealed:v1:');
    expect(rows.join('\n')).not.toContain('4242-');
    const d1 = await env.DB.prepare('SELECT data FROM wf_runs WHERE run_id = ?').bind(runId).first<{ data: string }>();
    expect(d1?.data).toContain('wwc-sealed:v1:');
    expect(d1?.data).not.toContain('4242-');
    expect(await env.CACHE.get(`wwc:v1:run:${runId}`)).toBeNull(); // a failed run is not cached in the clear
    expect(await env.CACHE.get(`wwc:v1:step:${stepId}`)).toBeNull();

    // Another isolate with the key reads them; without it, reading fails clearly.
    expect((await worldWith({ WORKFLOW_ENCRYPTION_KEY: KEY_B, WORKFLOW_ENCRYPTION_KEYS_PREVIOUS: KEY_A }).runs.get(runId)).error?.message).toBe(
      `run failed: ${secret}`,
    );
    await expect(worldWith({ WORKFLOW_ENCRYPTION_KEY: KEY_B }).runs.get(runId)).rejects.toMatchObject({ name: 'RuntimeDecryptionError' });
  });

  it('refuses a key shorter than 32 characters with CONFIG_INVALID', () => {
    expect(() => worldWith({ WORKFLOW_ENCRYPTION_KEY: 'short' })).toThrow(/WORKFLOW_ENCRYPTION_KEY: every key must be at least 32/);
    expect(() => worldWith({ WORKFLOW_ENCRYPTION_KEY: KEY_A, WORKFLOW_ENCRYPTION_KEYS_PREVIOUS: 'short' })).toThrow(/WORKFLOW_ENCRYPTION_KEYS_PREVIOUS/);
  });
});
