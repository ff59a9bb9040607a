/// <reference types="@cloudflare/vitest-plugin/types" />
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { WorkflowStreamObject } from '../src/index.js';
import { fresh, makeStreamer, stubOf, take, text } from './helpers.js';

const N = 10_000;
const label = (i: number) => `chunk-${i}`;

/** Rows still in the object's SQLite tail. */
const tailRows = (name: string) =>
  runInDurableObject(stubOf(name), (_: WorkflowStreamObject, state) =>
    state.storage.sql.exec<{ n: number }>('SELECT COUNT(*) AS n FROM wf_stream_chunks').one().n,
  );

describe('10,000 chunks', () => {
  it('are written in batches and read back in order, live and through pages, before and after the flush to R2', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('volume');
    const expected = Array.from({ length: N }, (_, i) => label(i));
    const t0 = Date.now();
    // The DevKit's writable flushes its buffer with writeToStreamMulti; 100 calls of 100 chunks.
    for (let i = 0; i < N; i += 100) await s.writeToStreamMulti!(name, runId, expected.slice(i, i + 100));
    const tWrite = Date.now() - t0;
    await s.closeStream(name, runId);

    const t1 = Date.now();
    expect(text(await take((await s.readFromStream(name)).getReader()))).toEqual(expected);
    const tRead = Date.now() - t1;

    const pages: string[] = [];
    let cursor: string | undefined;
    let calls = 0;
    for (;;) {
      const page = await s.getStreamChunks(name, runId, { limit: 1000, ...(cursor ? { cursor } : {}) });
      calls++;
      expect(page.data.map((c) => c.index)).toEqual(Array.from({ length: page.data.length }, (_, i) => pages.length + i));
      pages.push(...text(page.data.map((c) => c.data)));
      if (!page.hasMore) break;
      cursor = page.cursor!;
    }
    expect(pages).toEqual(expected);
    expect(calls).toBe(10);

    // Everything ends in R2: run the flush alarm until it is not scheduled any more.
    while (await runDurableObjectAlarm(stubOf(name)));
    expect(await tailRows(name)).toBe(0);
    const segments = await env.BUCKET.list({ prefix: `streams/segments/${encodeURIComponent(name)}/` });
    expect(segments.objects.length).toBe(10);
    expect(text(await take((await s.readFromStream(name, 4321)).getReader()))).toEqual(expected.slice(4321));
    expect(await s.getStreamInfo(name, runId)).toEqual({ tailIndex: N - 1, done: true });
    console.log(`[bench] ${N} chunks: write (100 x writeToStreamMulti) ${tWrite} ms, live read ${tRead} ms`);
  }, 60_000);

  it('are written one writeToStream call at a time and read back in order', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('volume-single');
    const expected = Array.from({ length: N }, (_, i) => label(i));
    const reader = (await s.readFromStream(name)).getReader();
    const received = take(reader);
    const t0 = Date.now();
    for (const c of expected) await s.writeToStream(name, runId, c);
    const tWrite = Date.now() - t0;
    await s.closeStream(name, runId);
    expect(text(await received)).toEqual(expected);
    console.log(`[bench] ${N} chunks: write (${N} x writeToStream, live reader attached) ${tWrite} ms`);
  }, 120_000); // ~1 ms per awaited round trip locally: a generous bound, not an assertion
});
