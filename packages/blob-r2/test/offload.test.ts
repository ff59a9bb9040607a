import { type BlobRef, CloudflareWorldError, isBlobRef } from '@workflow-world-cloudflare/core';
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createPayloadOffloader, createR2BlobStore, type BlobStore, swapBlobRefs } from '../src/index.js';
import { MAX, pattern, setup, storedKeys, THRESHOLD } from './fixtures.js';

describe('offload', () => {
  for (const size of [0, 1, THRESHOLD + 1, 1024 * 1024, 5 * 1024 * 1024]) {
    it(`round-trips ${size} binary bytes exactly (null bytes included)`, async () => {
      const { offloader, runId } = setup();
      const bytes = pattern(size);
      const { value, keys } = await offloader.offload(runId, { output: bytes }, ['output']);
      expect(keys).toHaveLength(size > THRESHOLD ? 1 : 0);
      if (size > THRESHOLD) {
        expect(value.output).toEqual({ $blob: keys[0], size });
        expect(keys[0]).toMatch(new RegExp(`^payloads/${runId}/blob_[0-9A-Z]{26}$`));
        const stored = await env.BUCKET.get(keys[0] as string);
        expect(stored?.customMetadata).toEqual({ encoding: 'binary' });
        expect(new Uint8Array((await stored?.arrayBuffer()) ?? new ArrayBuffer(0))).toEqual(bytes);
      }
      const resolved = await offloader.resolve(value);
      expect(resolved.output).toBeInstanceOf(Uint8Array);
      expect(resolved.output).toEqual(bytes);
    });
  }

  it('stores JSON values as encodeValue text and decodes them back, error objects with stacks included', async () => {
    const { offloader, runId } = setup();
    const error = { message: 'boom', stack: `Error: boom\n${'    at frame (file.ts:1:1)\n'.repeat(60)}`, code: 'E_BOOM' };
    const input = { error, when: new Date('2026-01-02T03:04:05.000Z'), nested: [{ bytes: pattern(10) }], text: 'é'.repeat(600) };
    const { value, keys } = await offloader.offload(runId, { error, input, small: 'kept' }, ['error', 'input', 'small']);
    expect(keys).toHaveLength(2);
    expect(value.small).toBe('kept');
    for (const key of keys) expect((await env.BUCKET.head(key))?.customMetadata).toEqual({ encoding: 'json' });
    expect(await offloader.resolve(value)).toEqual({ error, input, small: 'kept' });
  });

  it('keeps a payload of exactly threshold bytes inline and offloads threshold + 1', async () => {
    const { offloader, runId } = setup();
    // A JSON string of n chars encodes as n + 2 bytes (the quotes).
    const atThreshold = 'a'.repeat(THRESHOLD - 2);
    const above = 'a'.repeat(THRESHOLD - 1);
    const { value, keys } = await offloader.offload(
      runId,
      { a: atThreshold, b: above, c: pattern(THRESHOLD), d: pattern(THRESHOLD + 1) },
      ['a', 'b', 'c', 'd'],
    );
    expect(value.a).toBe(atThreshold);
    expect(value.c).toEqual(pattern(THRESHOLD));
    expect(isBlobRef(value.b) && value.b.size).toBe(THRESHOLD + 1);
    expect(isBlobRef(value.d) && value.d.size).toBe(THRESHOLD + 1);
    expect((await storedKeys(runId)).sort()).toEqual([...keys].sort());
  });

  it('leaves fields it was not asked about, undefined fields and existing refs alone', async () => {
    const { offloader, runId } = setup();
    const ref: BlobRef = { $blob: 'payloads/x/blob_y', size: 9 };
    const big = pattern(THRESHOLD * 2);
    const record = { other: big, missing: undefined, already: ref };
    const { value, keys } = await offloader.offload(runId, record, ['missing', 'already', 'notThere']);
    expect(keys).toEqual([]);
    expect(value).toEqual(record);
    expect(value.other).toBe(big);
  });

  it('refuses a field over maxPayloadBytes with PAYLOAD_TOO_LARGE and leaves the bucket empty', async () => {
    const { offloader, runId } = setup();
    const record = { input: pattern(THRESHOLD * 4), output: pattern(MAX + 1) };
    const err = await offloader.offload(runId, record, ['input', 'output']).catch((e: unknown) => e);
    expect(CloudflareWorldError.is(err) && err.code).toBe('PAYLOAD_TOO_LARGE');
    expect(CloudflareWorldError.is(err) && err.details).toMatchObject({ field: 'output', size: MAX + 1 });
    expect(await storedKeys(runId)).toEqual([]);
  });

  it('deletes what it already wrote for the record when a later write fails', async () => {
    const real = createR2BlobStore(env.BUCKET);
    let puts = 0;
    // The real R2 store, failing its second put: the record's other blob must not survive.
    const failing: BlobStore = {
      ...real,
      put: (key, bytes, meta) => (++puts === 2 ? Promise.reject(new Error('r2 write failed')) : real.put(key, bytes, meta)),
    };
    const { offloader, runId } = setup(failing);
    const err = await offloader.offload(runId, { a: pattern(THRESHOLD + 5), b: pattern(THRESHOLD + 6) }, ['a', 'b']).catch((e: unknown) => e);
    expect((err as Error).message).toBe('r2 write failed');
    expect(await storedKeys(runId)).toEqual([]);
  });

  it('rejects limits that make no sense with CONFIG_INVALID', () => {
    const blobs = createR2BlobStore(env.BUCKET);
    for (const [threshold, maxPayloadBytes] of [[-1, 10], [10, 5], [1.5, 10], [10, 0]] as const) {
      let caught: unknown;
      try {
        createPayloadOffloader({ blobs, threshold, maxPayloadBytes });
      } catch (e) {
        caught = e;
      }
      expect(CloudflareWorldError.is(caught) && caught.code).toBe('CONFIG_INVALID');
    }
  });
});

describe('resolve', () => {
  it('replaces refs at any depth, in arrays and objects, and leaves everything else untouched', async () => {
    const { offloader, runId } = setup();
    const { value } = await offloader.offload(runId, { a: pattern(2000), b: { deep: 'x'.repeat(3000) } }, ['a', 'b']);
    const untouched = { keep: [1, 'two', null], date: new Date(0) };
    const tree = { list: [value.a, { inner: { ref: value.b } }], same: value.a, untouched, n: 5 };
    const resolved = await offloader.resolve(tree);
    expect(resolved).toEqual({ list: [pattern(2000), { inner: { ref: { deep: 'x'.repeat(3000) } } }], same: pattern(2000), untouched, n: 5 });
    expect(resolved.untouched).toBe(untouched);
    // The input is not mutated.
    expect(isBlobRef(tree.same)).toBe(true);
  });

  it('swapBlobRefs (the same walk, at once) reaches refs in null-prototype objects and keeps what it is told to keep', () => {
    const keep: BlobRef = { $blob: 'payloads/r/keep', size: 1 };
    const swap: BlobRef = { $blob: 'payloads/r/swap', size: 1 };
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { swap, keep });
    const tree = { bare, list: [swap], date: new Date(0) };
    const out = swapBlobRefs(tree, (ref) => (ref.$blob === swap.$blob ? 'in hand' : ref));
    expect(out.bare).toEqual({ swap: 'in hand', keep });
    expect(out.list).toEqual(['in hand']);
    expect(out.date).toBe(tree.date);
    expect(tree.bare.swap).toBe(swap); // the input is not mutated
    const untouched = { a: [keep] };
    expect(swapBlobRefs(untouched, (ref) => ref)).toBe(untouched);
  });

  it('returns a value without refs as it is', async () => {
    const { offloader } = setup();
    const value = { a: [1, 2], b: 'c' };
    expect(await offloader.resolve(value)).toBe(value);
    expect(await offloader.resolve(null)).toBeNull();
  });

  it('a ref to a missing blob is BLOB_MISSING', async () => {
    const { offloader, runId } = setup();
    const err = await offloader.resolve({ x: { $blob: `payloads/${runId}/blob_gone`, size: 3 } }).catch((e: unknown) => e);
    expect(CloudflareWorldError.is(err) && err.code).toBe('BLOB_MISSING');
  });

  it('a ref whose size disagrees with the stored object is CORRUPT_ROW', async () => {
    const { offloader, runId } = setup();
    const { value } = await offloader.offload(runId, { a: pattern(THRESHOLD + 1) }, ['a']);
    const err = await offloader.resolve({ ...(value.a as unknown as BlobRef), size: 1 }).catch((e: unknown) => e);
    expect(CloudflareWorldError.is(err) && err.code).toBe('CORRUPT_ROW');
  });
});

describe('delete', () => {
  it('removes the blobs offload wrote, after which resolve reports them missing', async () => {
    const { offloader, runId } = setup();
    const { value, keys } = await offloader.offload(runId, { a: pattern(THRESHOLD + 1), b: 'y'.repeat(THRESHOLD) }, ['a', 'b']);
    expect(await storedKeys(runId)).toHaveLength(2);
    await offloader.delete(keys);
    expect(await storedKeys(runId)).toEqual([]);
    const err = await offloader.resolve(value).catch((e: unknown) => e);
    expect(CloudflareWorldError.is(err) && err.code).toBe('BLOB_MISSING');
  });
});
