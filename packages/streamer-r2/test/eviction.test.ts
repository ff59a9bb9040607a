/// <reference types="@cloudflare/vitest-plugin/types" />
import { abortAllDurableObjects, evictDurableObject, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { fresh, makeStreamer, stubOf, take, text } from './helpers.js';

const chunks = (n: number, p: string) => Array.from({ length: n }, (_, i) => `${p}${i}`);

describe('eviction of the stream object', () => {
  it('mid-stream loses nothing: flushed segments, the SQLite tail and the counters survive', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('evict');
    const all = chunks(3000, 'e');
    await s.writeToStreamMulti!(name, runId, all.slice(0, 1500));
    await runDurableObjectAlarm(stubOf(name)); // part of it is in R2 segments, the rest in SQLite
    const first = (await s.readFromStream(name)).getReader();
    const got = text(await take(first, 1200));
    // A graceful eviction waits for open connections, so this reader leaves first and comes back below.
    await first.cancel();
    await evictDurableObject(stubOf(name));
    await s.writeToStreamMulti!(name, runId, all.slice(1500, 2200));
    await evictDurableObject(stubOf(name));
    const again = (await s.readFromStream(name, got.length)).getReader();
    const rest = take(again);
    for (const c of all.slice(2200)) await s.writeToStream(name, runId, c);
    await s.closeStream(name, runId);
    expect([...got, ...text(await rest)]).toEqual(all);
    await evictDurableObject(stubOf(name));
    expect(text(await take((await s.readFromStream(name)).getReader()))).toEqual(all);
    expect(await s.getStreamInfo(name, runId)).toEqual({ tailIndex: 2999, done: true });
  }, 60_000);

  it('a live reader survives its object being reset under it: it reconnects from the next owed chunk', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('abort');
    const all = chunks(2500, 'a');
    const reader = (await s.readFromStream(name)).getReader();
    const received = take(reader);
    await s.writeToStreamMulti!(name, runId, all.slice(0, 1200));
    await runDurableObjectAlarm(stubOf(name));
    await abortAllDurableObjects(); // in-memory state and open connections are gone, storage stays
    await s.writeToStreamMulti!(name, runId, all.slice(1200, 2000));
    await abortAllDurableObjects();
    for (const c of all.slice(2000)) await s.writeToStream(name, runId, c);
    await s.closeStream(name, runId);
    expect(text(await received)).toEqual(all);
  }, 60_000);

  it('a closed stream stays closed after eviction, and late writes stay ignored', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('evict-closed');
    await s.writeToStream(name, runId, 'only');
    await s.closeStream(name, runId);
    await evictDurableObject(stubOf(name));
    await s.writeToStream(name, runId, 'late');
    expect(await s.getStreamInfo(name, runId)).toEqual({ tailIndex: 0, done: true });
    expect(text(await take((await s.readFromStream(name)).getReader()))).toEqual(['only']);
  });
});
