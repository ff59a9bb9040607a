/// <reference types="@cloudflare/vitest-plugin/types" />
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { fresh, makeStreamer, take, text } from './helpers.js';

describe('listStreamsByRunId', () => {
  it('lists every stream a run wrote or closed, once each, and nothing for other runs', async () => {
    const s = makeStreamer();
    const runId = `wrun_registry_${Date.now()}`;
    const names = ['strm_r_user', 'strm_r_user_bmFtZXNwYWNl', 'strm r/with slash'];
    await s.writeToStream(names[0]!, runId, 'a');
    await s.writeToStream(names[0]!, runId, 'b'); // a second write does not list it twice
    await s.writeToStreamMulti!(names[1]!, runId, ['c']);
    await s.closeStream(names[2]!, runId); // closing alone registers, as in the reference worlds
    expect((await s.listStreamsByRunId(runId)).sort()).toEqual([...names].sort());
    expect(await s.listStreamsByRunId(`${runId}/strm_r_user`)).toEqual([]); // a slash in a run id cannot match a prefix
    expect(await s.listStreamsByRunId(`${runId}_other`)).toEqual([]);
  });

  it('registers a stream once per run when writers race', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('race');
    await Promise.all(Array.from({ length: 20 }, (_, i) => makeStreamer().writeToStream(name, runId, `${i}`)));
    expect(await s.listStreamsByRunId(runId)).toEqual([name]);
    expect((await s.getStreamInfo(name, runId)).tailIndex).toBe(19);
  });

  it('a stream written by two runs is listed under both', async () => {
    const s = makeStreamer();
    const { name, runId } = fresh('shared');
    await s.writeToStream(name, runId, 'x');
    await s.writeToStream(name, `${runId}_b`, 'y');
    expect(await s.listStreamsByRunId(runId)).toEqual([name]);
    expect(await s.listStreamsByRunId(`${runId}_b`)).toEqual([name]);
  });

  it('pages through more markers than one R2 list call returns', async () => {
    const s = makeStreamer();
    const runId = `wrun_many_${Date.now()}`;
    const names = Array.from({ length: 1005 }, (_, i) => `strm_${String(i).padStart(4, '0')}`);
    // Markers are plain R2 objects; putting them directly keeps the test fast.
    await Promise.all(names.map((n) => env.BUCKET.put(`streams/by-run/${runId}/${n}`, new Uint8Array(0))));
    expect(await s.listStreamsByRunId(runId)).toEqual(names);
  }, 60_000);
});

describe('run ids', () => {
  it('a write for a run id that does not exist works (the DevKit health check does this)', async () => {
    const s = makeStreamer();
    const name = `__health_check__corr_${Date.now()}`;
    const fakeRunId = 'wrun_01KZZZZZZZZZZZZZZZZZZZZZZZ';
    await s.writeToStream(name, fakeRunId, JSON.stringify({ healthy: true }));
    await s.closeStream(name, fakeRunId);
    expect(text(await take((await s.readFromStream(name)).getReader()))).toEqual(['{"healthy":true}']);
    expect(await s.listStreamsByRunId(fakeRunId)).toEqual([name]);
  });
});
