/// <reference types="@cloudflare/vitest-plugin/types" />
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createR2Streamer, DEFAULT_MAX_CHUNK_BYTES } from '../src/index.js';
import { fresh, makeStreamer, rejection, stubOf, take, text } from './helpers.js';

const pattern = (n: number, seed: number) => new Uint8Array(n).map((_, i) => (i * 31 + seed) & 0xff);

describe('chunks bigger than a SQLite row (2 MB)', () => {
  it('are stored as their own R2 object and round-trip byte-for-byte, live, paged and after the flush', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('big');
    const big = pattern(3 * 1024 * 1024, 1);
    const reader = (await s.readFromStream(name)).getReader();
    const received = take(reader);
    await s.writeToStream(name, runId, 'before');
    await s.writeToStreamMulti!(name, runId, [big, 'after', pattern(2_100_000, 2)]);
    await s.closeStream(name, runId);
    const live = await received;
    expect(live.map((c) => c.byteLength)).toEqual([6, big.byteLength, 5, 2_100_000]);
    expect(live[1]).toEqual(big);
    expect(live[3]).toEqual(pattern(2_100_000, 2));
    const objects = await env.BUCKET.list({ prefix: `streams/chunks/${encodeURIComponent(name)}/` });
    expect(objects.objects.map((o) => o.size).sort()).toEqual([2_100_000, big.byteLength].sort());

    while (await runDurableObjectAlarm(stubOf(name)));
    const page = await s.getStreamChunks(name, runId);
    expect(page.data.map((c) => c.index)).toEqual([0, 1, 2, 3]);
    expect(page.data[1]?.data).toEqual(big);
    expect(text([page.data[0]!.data, page.data[2]!.data])).toEqual(['before', 'after']);
    expect((await take((await s.readFromStream(name, 1)).getReader()))[0]).toEqual(big);
  }, 60_000);

  it('a chunk above maxChunkBytes fails with PAYLOAD_TOO_LARGE and nothing of its batch is written', async () => {
    const small = createR2Streamer({ streams: env.WORKFLOW_STREAM, bucket: env.BUCKET, maxChunkBytes: 2 * 1024 * 1024 });
    const { name, runId } = fresh('too-big');
    const err = await rejection(small.writeToStreamMulti!(name, runId, ['ok', new Uint8Array(2 * 1024 * 1024 + 1)]));
    expect(err).toMatchObject({ name: 'CloudflareWorldError', code: 'PAYLOAD_TOO_LARGE' });
    await small.writeToStream(name, runId, new Uint8Array(2 * 1024 * 1024)); // exactly the limit is fine
    expect(await small.getStreamInfo(name, runId)).toEqual({ tailIndex: 0, done: false });

    const dflt = makeStreamer();
    const err2 = await rejection(dflt.writeToStream(name, runId, new Uint8Array(DEFAULT_MAX_CHUNK_BYTES + 1)));
    expect(err2.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await dflt.getStreamInfo(name, runId)).toEqual({ tailIndex: 0, done: false });
  }, 60_000);

  it('a large chunk written after close is not kept in R2', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('big-late');
    await s.closeStream(name, runId);
    await s.writeToStream(name, runId, pattern(1_500_000, 3));
    const objects = await env.BUCKET.list({ prefix: `streams/chunks/${encodeURIComponent(name)}/` });
    expect(objects.objects).toEqual([]);
    expect(await s.getStreamInfo(name, runId)).toEqual({ tailIndex: -1, done: true });
  });
});
