/// <reference types="@cloudflare/vitest-plugin/types" />
import { describe, expect, it } from 'vitest';
import { fresh, makeStreamer, rejection, take, text } from './helpers.js';

describe('live readers', () => {
  it('two concurrent readers see identical sequences while writers race', async () => {
    const s = makeStreamer();
    const other = makeStreamer();
    const { name, runId } = fresh('two-readers');
    const r1 = take((await s.readFromStream(name)).getReader());
    const r2 = take((await other.readFromStream(name)).getReader());
    const a = Array.from({ length: 300 }, (_, i) => `a${i}`);
    const b = Array.from({ length: 300 }, (_, i) => `b${i}`);
    await Promise.all([
      (async () => {
        for (const c of a) await s.writeToStream(name, runId, c);
      })(),
      (async () => {
        for (let i = 0; i < b.length; i += 30) await other.writeToStreamMulti!(name, runId, b.slice(i, i + 30));
      })(),
    ]);
    await s.closeStream(name, runId);
    const [seq1, seq2] = [text(await r1), text(await r2)];
    expect(seq1).toEqual(seq2);
    expect(seq1).toHaveLength(600);
    // Each writer's own order is kept, and nothing is lost or doubled.
    expect(seq1.filter((c) => c.startsWith('a'))).toEqual(a);
    expect(seq1.filter((c) => c.startsWith('b'))).toEqual(b);
  });

  it('un-awaited writes through one streamer keep their call order', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('call-order');
    const big = new Uint8Array(1_500_000).fill(7); // goes to R2 first, so it is the slow one
    await Promise.all([s.writeToStream(name, runId, 'first'), s.writeToStream(name, runId, big), s.writeToStream(name, runId, 'third')]);
    await s.closeStream(name, runId);
    const chunks = await take((await s.readFromStream(name)).getReader());
    expect(chunks.map((c) => c.byteLength)).toEqual([5, 1_500_000, 5]);
    expect(text([chunks[0]!, chunks[2]!])).toEqual(['first', 'third']);
  });

  it('a negative startIndex counts back from the tail and is clamped to 0', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('negative');
    await s.writeToStreamMulti!(name, runId, Array.from({ length: 10 }, (_, i) => `${i}`));
    const last3 = (await s.readFromStream(name, -3)).getReader();
    expect(text(await take(last3, 3))).toEqual(['7', '8', '9']);
    await s.writeToStream(name, runId, '10'); // still live after the replay
    expect(text(await take(last3, 1))).toEqual(['10']);
    await s.closeStream(name, runId);
    expect(await take(last3)).toEqual([]);
    expect(text(await take((await s.readFromStream(name, -100)).getReader()))).toHaveLength(11);
  });

  it('a startIndex past the tail waits for that chunk', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('ahead');
    await s.writeToStream(name, runId, '0');
    const reader = (await s.readFromStream(name, 3)).getReader();
    const received = take(reader);
    await s.writeToStreamMulti!(name, runId, ['1', '2', '3', '4']);
    await s.closeStream(name, runId);
    expect(text(await received)).toEqual(['3', '4']);
  });

  it('reconnecting with the index reached gets exactly the rest: no gap, no duplicate', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('reconnect');
    const all = Array.from({ length: 50 }, (_, i) => `r${i}`);
    await s.writeToStreamMulti!(name, runId, all.slice(0, 20));
    const first = (await s.readFromStream(name)).getReader();
    const got = text(await take(first, 12));
    await first.cancel();
    await s.writeToStreamMulti!(name, runId, all.slice(20, 35));
    const second = (await s.readFromStream(name, got.length)).getReader();
    const rest = take(second);
    await s.writeToStreamMulti!(name, runId, all.slice(35));
    await s.closeStream(name, runId);
    expect([...got, ...text(await rest)]).toEqual(all);
  });

  it('a cancelled reader leaves the stream object serving others', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('cancel');
    const gone = (await s.readFromStream(name)).getReader();
    const pending = gone.read();
    await gone.cancel('not interested');
    expect(await pending).toEqual({ done: true, value: undefined });
    await s.writeToStream(name, runId, 'still');
    await s.closeStream(name, runId);
    expect(text(await take((await s.readFromStream(name)).getReader()))).toEqual(['still']);
  });

  it('rejects a non-integer startIndex with INVALID_ARGUMENT', async () => {
    const s = makeStreamer();
    const { name } = fresh('bad-start');
    for (const bad of [1.5, Number.NaN, Number.POSITIVE_INFINITY, '3' as unknown as number]) {
      expect((await rejection(s.readFromStream(name, bad))).code).toBe('INVALID_ARGUMENT');
    }
  });
});
