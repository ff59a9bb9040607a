/// <reference types="@cloudflare/vitest-plugin/types" />
import { describe, expect, it } from 'vitest';
import { createR2Streamer } from '../src/index.js';
import { env } from 'cloudflare:test';
import { fresh, makeStreamer, rejection } from './helpers.js';

describe('bad input: a typed error and nothing written', () => {
  const s = makeStreamer();
  const badNames: unknown[] = ['', 'x'.repeat(257), 'é'.repeat(100) /* 600 bytes URI-encoded */, 42, null, undefined];

  it('rejects bad stream names on every method with INVALID_ARGUMENT', async () => {
    const { runId } = fresh('bad-name');
    for (const name of badNames as string[]) {
      const calls = [
        s.writeToStream(name, runId, 'x'),
        s.writeToStreamMulti!(name, runId, ['x']),
        s.closeStream(name, runId),
        s.readFromStream(name),
        s.getStreamChunks(name, runId),
        s.getStreamInfo(name, runId),
      ];
      for (const call of calls) {
        const err = await rejection(call);
        expect(err.name).toBe('CloudflareWorldError');
        expect(err.code).toBe('INVALID_ARGUMENT');
      }
    }
    expect(await s.listStreamsByRunId(runId)).toEqual([]);
  });

  it('rejects bad run ids with INVALID_ARGUMENT and writes nothing', async () => {
    const { name } = fresh('bad-run');
    for (const runId of badNames as string[]) {
      expect((await rejection(s.writeToStream(name, runId, 'x'))).code).toBe('INVALID_ARGUMENT');
      expect((await rejection(s.closeStream(name, runId))).code).toBe('INVALID_ARGUMENT');
      expect((await rejection(s.listStreamsByRunId(runId))).code).toBe('INVALID_ARGUMENT');
    }
    expect(await s.getStreamInfo(name, 'wrun_x')).toEqual({ tailIndex: -1, done: false });
  });

  it('rejects a chunk that is neither string nor Uint8Array, and a non-array batch, writing none of the batch', async () => {
    const { name, runId } = fresh('bad-chunk');
    for (const chunk of [42, null, { a: 1 }, new ArrayBuffer(4), [1, 2]]) {
      const err = await rejection(s.writeToStreamMulti!(name, runId, ['fine', chunk as unknown as string]));
      expect(err.code).toBe('INVALID_ARGUMENT');
    }
    expect((await rejection(s.writeToStreamMulti!(name, runId, 'abc' as unknown as string[]))).code).toBe('INVALID_ARGUMENT');
    expect(await s.getStreamInfo(name, runId)).toEqual({ tailIndex: -1, done: false });
    expect(await s.listStreamsByRunId(runId)).toEqual([]);
  });

  it('rejects a bad maxChunkBytes option with CONFIG_INVALID', () => {
    for (const maxChunkBytes of [0, 1.5, 200 * 1024 * 1024]) {
      expect(() => createR2Streamer({ streams: env.WORKFLOW_STREAM, bucket: env.BUCKET, maxChunkBytes })).toThrowError(
        expect.objectContaining({ code: 'CONFIG_INVALID' }),
      );
    }
  });
});
