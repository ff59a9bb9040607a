/**
 * `getEncryptionKeyForRun`: per-run AES-256 keys derived from WORKFLOW_ENCRYPTION_KEY, the stamp that ties a run to
 * its key, rotation through WORKFLOW_ENCRYPTION_KEYS_PREVIOUS, and the error for a key that is gone. (That the
 * DevKit then stores only ciphertext: apps/e2e/test/encryption.test.ts.)
 */
import { env } from 'cloudflare:test';
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

  it('refuses a key shorter than 32 characters with CONFIG_INVALID', () => {
    expect(() => worldWith({ WORKFLOW_ENCRYPTION_KEY: 'short' })).toThrow(/WORKFLOW_ENCRYPTION_KEY: every key must be at least 32/);
    expect(() => worldWith({ WORKFLOW_ENCRYPTION_KEY: KEY_A, WORKFLOW_ENCRYPTION_KEYS_PREVIOUS: 'short' })).toThrow(/WORKFLOW_ENCRYPTION_KEYS_PREVIOUS/);
  });
});
