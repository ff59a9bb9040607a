/** `deleteR2Prefix`: everything under a run's prefix goes, across list pages; neighbours stay. */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { deleteR2Prefix, runPayloadPrefix } from '../src/index.js';

const count = async (prefix: string) => {
  let n = 0;
  let cursor: string | undefined;
  for (;;) {
    const page = await env.BUCKET.list(cursor === undefined ? { prefix } : { prefix, cursor });
    n += page.objects.length;
    if (!page.truncated) return n;
    cursor = page.cursor;
  }
};

describe('deleteR2Prefix', () => {
  it('deletes more than one list page of objects, and nothing under a longer sibling prefix', { timeout: 120_000 }, async () => {
    const run = `wrun_${crypto.randomUUID()}`;
    const prefix = runPayloadPrefix(run);
    const sibling = runPayloadPrefix(`${run}X`); // `payloads/<run>X/` must not match `payloads/<run>/`
    for (let i = 0; i < 1_205; i += 100) {
      await Promise.all(Array.from({ length: Math.min(100, 1_205 - i) }, (_, j) => env.BUCKET.put(`${prefix}blob_${i + j}`, 'x')));
    }
    await env.BUCKET.put(`${sibling}blob_0`, 'keep');
    expect(await count(prefix)).toBe(1_205);

    expect(await deleteR2Prefix(env.BUCKET, prefix)).toBe(1_205);
    expect(await count(prefix)).toBe(0);
    expect(await count(sibling)).toBe(1);
    expect(await deleteR2Prefix(env.BUCKET, prefix)).toBe(0); // idempotent
  });

  it('refuses an empty prefix (the whole bucket)', async () => {
    await expect(deleteR2Prefix(env.BUCKET, '')).rejects.toThrow(/empty prefix/);
  });
});
