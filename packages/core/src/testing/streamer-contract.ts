/**
 * The `Streamer` contract suite: what every implementation of the World's streams does — order, encoding, binary
 * fidelity, live readers, close, empty chunks, writes after close — written against the interface only, so
 * `streamer-r2` and the umbrella's World run the same rules.
 *
 * @example
 * ```ts
 * describe('my streamer', () => runStreamerContract(() => createMyStreamer()));
 * ```
 */
import type { Streamer } from '@workflow/world';
import { describe, expect, it } from 'vitest';

export type StreamerFactory = () => Streamer | Promise<Streamer>;

let counter = 0;

/** A stream name and run id unique to the calling test. */
export function freshStream(label: string): { name: string; runId: string } {
  counter++;
  const id = `${label}_${counter}_${crypto.randomUUID().slice(0, 8)}`;
  return { name: `strm_${id}_user`, runId: `wrun_${id}` };
}

/** Reads `count` chunks (or until the stream ends, when `count` is omitted) from `reader`. */
export async function take(reader: ReadableStreamDefaultReader<Uint8Array>, count?: number): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  while (count === undefined || out.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    out.push(value);
  }
  return out;
}

const utf8 = new TextDecoder();

/** The chunks as UTF-8 text. */
export const text = (chunks: Uint8Array[]): string[] => chunks.map((c) => utf8.decode(c));

/** Registers the contract suite. */
export function runStreamerContract(factory: StreamerFactory): void {
  const fresh = freshStream;
  describe('write, close, read', () => {
    it('replays written chunks in order, one Uint8Array per chunk, and ends at close', async () => {
      const s = await factory();
      const { name, runId } = fresh('basic');
      await s.writeToStream(name, runId, 'a');
      await s.writeToStream(name, runId, new Uint8Array([1, 2, 3]));
      await s.writeToStreamMulti!(name, runId, ['b', 'c']);
      await s.closeStream(name, runId);
      const chunks = await take((await s.readFromStream(name)).getReader());
      expect(chunks.every((c) => c instanceof Uint8Array)).toBe(true);
      expect(text(chunks)).toEqual(['a', '\u0001\u0002\u0003', 'b', 'c']);
    });

    it('encodes strings as UTF-8', async () => {
      const s = await factory();
      const { name, runId } = fresh('utf8');
      await s.writeToStream(name, runId, 'héllo ✓ 🚀');
      await s.closeStream(name, runId);
      const [chunk] = await take((await s.readFromStream(name)).getReader());
      expect(chunk).toEqual(new TextEncoder().encode('héllo ✓ 🚀'));
    });

    it('keeps binary chunks with null bytes byte-for-byte, and copies the caller buffer', async () => {
      const s = await factory();
      const { name, runId } = fresh('binary');
      const all = new Uint8Array(256).map((_, i) => i);
      const zeros = new Uint8Array(1000);
      const view = new Uint8Array([9, 0, 0, 9, 0]).subarray(1, 4); // a view: only its 3 bytes are the chunk
      await s.writeToStreamMulti!(name, runId, [all, zeros, view]);
      all[0] = 77; // mutating after the write must not change what was stored
      await s.closeStream(name, runId);
      const chunks = await take((await s.readFromStream(name)).getReader());
      expect(chunks).toEqual([new Uint8Array(256).map((_, i) => i), new Uint8Array(1000), new Uint8Array([0, 0, 9])]);
      const page = await s.getStreamChunks(name, runId);
      expect(page.data.map((c) => c.data)).toEqual(chunks);
    });

    it('a reader attached before the first write receives everything, and close ends it', async () => {
      const s = await factory();
      const { name, runId } = fresh('early');
      const reader = (await s.readFromStream(name)).getReader();
      const received = take(reader);
      await s.writeToStream(name, runId, 'one');
      await s.writeToStreamMulti!(name, runId, ['two', 'three']);
      await s.closeStream(name, runId);
      expect(text(await received)).toEqual(['one', 'two', 'three']);
    });

    it('close ends a live reader that is waiting for chunks', async () => {
      const s = await factory();
      const { name, runId } = fresh('close-live');
      await s.writeToStream(name, runId, 'x');
      const reader = (await s.readFromStream(name)).getReader();
      expect(text(await take(reader, 1))).toEqual(['x']);
      const pending = reader.read();
      await s.closeStream(name, runId);
      expect(await pending).toEqual({ done: true, value: undefined });
    });

    it('an empty chunk keeps its index but is not enqueued (as in the reference worlds)', async () => {
      const s = await factory();
      const { name, runId } = fresh('empty');
      await s.writeToStreamMulti!(name, runId, ['a', '', 'b']);
      await s.closeStream(name, runId);
      expect(text(await take((await s.readFromStream(name)).getReader()))).toEqual(['a', 'b']);
      expect(await s.getStreamInfo(name, runId)).toEqual({ tailIndex: 2, done: true });
      expect(text(await take((await s.readFromStream(name, 2)).getReader()))).toEqual(['b']);
    });

    it('writeToStreamMulti with no chunks writes nothing', async () => {
      const s = await factory();
      const { name, runId } = fresh('multi-empty');
      await s.writeToStreamMulti!(name, runId, []);
      expect(await s.getStreamInfo(name, runId)).toEqual({ tailIndex: -1, done: false });
      expect(await s.listStreamsByRunId(runId)).toEqual([]);
    });
  });

  describe('writes after close (as world-local and world-postgres: accepted, ignored)', () => {
    it('resolves, and readers, pages and info never see the late chunks; a second close is a no-op', async () => {
      const s = await factory();
      const { name, runId } = fresh('after-close');
      await s.writeToStream(name, runId, 'kept');
      await s.closeStream(name, runId);
      await expect(s.writeToStream(name, runId, 'late')).resolves.toBeUndefined();
      await expect(s.writeToStreamMulti!(name, runId, ['late2', 'late3'])).resolves.toBeUndefined();
      await expect(s.closeStream(name, runId)).resolves.toBeUndefined();
      expect(text(await take((await s.readFromStream(name)).getReader()))).toEqual(['kept']);
      expect(await s.getStreamInfo(name, runId)).toEqual({ tailIndex: 0, done: true });
      const page = await s.getStreamChunks(name, runId);
      expect(text(page.data.map((c) => c.data))).toEqual(['kept']);
    });

    it('closing a stream nobody wrote makes an empty, done stream', async () => {
      const s = await factory();
      const { name, runId } = fresh('close-only');
      await s.closeStream(name, runId);
      expect(await take((await s.readFromStream(name)).getReader())).toEqual([]);
      expect(await s.getStreamInfo(name, runId)).toEqual({ tailIndex: -1, done: true });
    });
  });
}
