/** `purgeRunStreams`: a run's expiry deletes its streams — object state, R2 segments, large chunks, markers. */
import { env, runDurableObjectAlarm } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { INLINE_CHUNK_MAX_BYTES, purgeRunStreams } from '../src/index.js';
import { fresh, makeStreamer, stubOf } from './helpers.js';

const enc = (s: string) => new TextEncoder().encode(s);
const keysUnder = async (prefix: string) => (await env.BUCKET.list({ prefix })).objects.map((o) => o.key);
const r2KeysOf = async (name: string, runId: string) => [
  ...(await keysUnder(`streams/segments/${encodeURIComponent(name)}/`)),
  ...(await keysUnder(`streams/chunks/${encodeURIComponent(name)}/`)),
  ...(await keysUnder(`streams/by-run/${encodeURIComponent(runId)}/`)),
];

describe('purgeRunStreams', () => {
  it('deletes every stream of the run and nothing of another run; a second purge finds nothing', { timeout: 60_000 }, async () => {
    const streamer = makeStreamer();
    const { name: first, runId } = fresh('purge');
    const second = `${first}_2`;
    const { name: othersStream, runId: other } = fresh('purge-other');
    await streamer.writeToStream(first, runId, enc('small'));
    await streamer.writeToStream(first, runId, new Uint8Array(INLINE_CHUNK_MAX_BYTES + 1)); // its own R2 object
    await streamer.closeStream(first, runId);
    await streamer.writeToStream(second, runId, enc('open stream'));
    await streamer.writeToStream(othersStream, other, enc('keep me'));
    await streamer.closeStream(othersStream, other);
    for (const name of [first, second, othersStream]) while (await runDurableObjectAlarm(stubOf(name)));
    expect((await r2KeysOf(first, runId)).length).toBeGreaterThanOrEqual(3); // segment, large chunk, markers

    expect(await purgeRunStreams({ streams: env.WORKFLOW_STREAM, bucket: env.BUCKET }, runId)).toBe(2);

    expect(await r2KeysOf(first, runId)).toEqual([]);
    expect(await r2KeysOf(second, runId)).toEqual([]);
    expect(await streamer.listStreamsByRunId(runId)).toEqual([]);
    for (const name of [first, second]) expect(await stubOf(name).info()).toEqual({ nextIndex: 0, closed: false });
    // The other run's stream is whole.
    expect(await streamer.listStreamsByRunId(other)).toEqual([othersStream]);
    expect((await streamer.getStreamChunks(othersStream, other)).data.map((c) => new TextDecoder().decode(c.data))).toEqual(['keep me']);

    expect(await purgeRunStreams({ streams: env.WORKFLOW_STREAM, bucket: env.BUCKET }, runId)).toBe(0);
  });

  it('leaves a stream another run also wrote, dropping only this run’s marker', async () => {
    const streamer = makeStreamer();
    const { name, runId } = fresh('purge-shared');
    const other = `${runId}_other`;
    await streamer.writeToStream(name, runId, enc('a'));
    await streamer.writeToStream(name, other, enc('b'));
    expect(await purgeRunStreams({ streams: env.WORKFLOW_STREAM, bucket: env.BUCKET }, runId)).toBe(0);
    expect(await streamer.listStreamsByRunId(runId)).toEqual([]);
    expect(await streamer.listStreamsByRunId(other)).toEqual([name]);
    expect((await stubOf(name).info()).nextIndex).toBe(2);
  });
});
