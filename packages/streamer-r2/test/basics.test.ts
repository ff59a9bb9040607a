/// <reference types="@cloudflare/vitest-plugin/types" />
import { describe, expect, it } from 'vitest';
import { fresh, makeStreamer, take, text } from './helpers.js';

describe('write, close, read', () => {
  it('replays written chunks in order, one Uint8Array per chunk, and ends at close', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('basic');
    await s.writeToStream(name, runId, 'a');
    await s.writeToStream(name, runId, new Uint8Array([1, 2, 3]));
    await s.writeToStreamMulti!(name, runId, ['b', 'c']);
    await s.closeStream(name, runId);
    const chunks = await take((await s.readFromStream(name)).getReader());
    expect(chunks.map((c) => c instanceof Uint8Array)).toEqual([true, true, true, true]);
    expect(text(chunks)).toEqual(['a', '\u0001\u0002\u0003', 'b', 'c']);
  });
});
