import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createR2BlobStore } from '../src/index.js';
import { pattern } from './fixtures.js';

describe('createR2BlobStore', () => {
  it('round-trips bytes and their encoding through R2 customMetadata', async () => {
    const blobs = createR2BlobStore(env.BUCKET);
    const bytes = new Uint8Array([0, 0, 1, 255, 0]);
    await blobs.put('payloads/wrun_a/blob_1', bytes, { encoding: 'binary' });
    await blobs.put('payloads/wrun_a/blob_2', new TextEncoder().encode('"x"'), { encoding: 'json' });
    expect(await blobs.get('payloads/wrun_a/blob_1')).toEqual({ bytes, encoding: 'binary' });
    expect((await blobs.get('payloads/wrun_a/blob_2')).encoding).toBe('json');
    expect((await env.BUCKET.head('payloads/wrun_a/blob_1'))?.customMetadata).toEqual({ encoding: 'binary' });
  });

  it('get of a missing key is BLOB_MISSING', async () => {
    const err = await createR2BlobStore(env.BUCKET).get('payloads/wrun_none/blob_none').catch((e: unknown) => e);
    expect(CloudflareWorldError.is(err) && err.code).toBe('BLOB_MISSING');
  });

  it('rejects an object whose metadata does not parse with CORRUPT_ROW', async () => {
    await env.BUCKET.put('payloads/wrun_b/blob_bad', pattern(3), { customMetadata: { encoding: 'gzip' } });
    const err = await createR2BlobStore(env.BUCKET).get('payloads/wrun_b/blob_bad').catch((e: unknown) => e);
    expect(CloudflareWorldError.is(err) && err.code).toBe('CORRUPT_ROW');
  });

  it('deletes many keys (more than one R2 delete call) and ignores absent ones', async () => {
    const blobs = createR2BlobStore(env.BUCKET);
    const keys = Array.from({ length: 1003 }, (_, i) => `payloads/wrun_del/blob_${i}`);
    await Promise.all(keys.slice(0, 1001).map((k) => blobs.put(k, pattern(1), { encoding: 'binary' })));
    await blobs.delete(keys);
    expect((await env.BUCKET.list({ prefix: 'payloads/wrun_del/' })).objects).toEqual([]);
  });
});
