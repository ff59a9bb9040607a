/// <reference types="@cloudflare/vitest-plugin/types" />
import { describe, expect, it } from 'vitest';
import { fresh, makeStreamer, rejection, text } from './helpers.js';

describe('getStreamInfo', () => {
  it('reports tailIndex -1 before any write, the last index after writes, and done after close', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('info');
    expect(await s.getStreamInfo(name, runId)).toEqual({ tailIndex: -1, done: false });
    await s.writeToStreamMulti!(name, runId, ['a', 'b', 'c']);
    expect(await s.getStreamInfo(name, runId)).toEqual({ tailIndex: 2, done: false });
    await s.closeStream(name, runId);
    expect(await s.getStreamInfo(name, runId)).toEqual({ tailIndex: 2, done: true });
  });
});

describe('getStreamChunks', () => {
  it('pages with a cursor: default limit 100, hasMore, cursor null on the last page, done', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('pages');
    const chunks = Array.from({ length: 250 }, (_, i) => `c${i}`);
    await s.writeToStreamMulti!(name, runId, chunks);
    const first = await s.getStreamChunks(name, runId);
    expect(first.data).toHaveLength(100);
    expect(first.data[0]?.index).toBe(0);
    expect(first).toMatchObject({ hasMore: true, done: false });
    const second = await s.getStreamChunks(name, runId, { cursor: first.cursor!, limit: 100 });
    expect(second.data.map((c) => c.index)).toEqual(Array.from({ length: 100 }, (_, i) => 100 + i));
    const third = await s.getStreamChunks(name, runId, { cursor: second.cursor!, limit: 100 });
    expect(third).toMatchObject({ hasMore: false, cursor: null, done: false });
    expect(text([...first.data, ...second.data, ...third.data].map((c) => c.data))).toEqual(chunks);
    await s.closeStream(name, runId);
    expect((await s.getStreamChunks(name, runId, { cursor: second.cursor!, limit: 100 })).done).toBe(true);
  });

  it('an empty stream is an empty page', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('pages-empty');
    expect(await s.getStreamChunks(name, runId)).toEqual({ data: [], cursor: null, hasMore: false, done: false });
  });

  it('rejects a limit outside 1..1000 and a cursor of another stream with INVALID_ARGUMENT', async () => {
    const s = makeStreamer();
    const a = fresh('pages-a');
    const b = fresh('pages-b');
    await s.writeToStreamMulti!(a.name, a.runId, ['1', '2']);
    for (const limit of [0, 1001, 1.5]) {
      expect((await rejection(s.getStreamChunks(a.name, a.runId, { limit }))).code).toBe('INVALID_ARGUMENT');
    }
    const page = await s.getStreamChunks(a.name, a.runId, { limit: 1 });
    expect((await rejection(s.getStreamChunks(b.name, b.runId, { cursor: page.cursor! }))).code).toBe('INVALID_ARGUMENT');
    expect((await rejection(s.getStreamChunks(a.name, a.runId, { cursor: 'not-a-cursor' }))).code).toBe('INVALID_ARGUMENT');
  });
});
