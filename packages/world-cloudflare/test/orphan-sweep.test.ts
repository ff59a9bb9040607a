/**
 * `control.sweepOrphans`: retention's backstop deletes R2 data whose run no object holds — payloads and streams
 * of a run that never came to be — page by page, and never data younger than the grace period or of a live run.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createCloudflareWorld } from '../src/index.js';
import { enc } from './helpers.js';

const world = () => createCloudflareWorld(env, { LARGE_DATA_THRESHOLD: 16 });
const count = async (prefix: string) => (await env.BUCKET.list({ prefix })).objects.length;

/** A run id that no object holds (a `run_created` that never happened), with payloads and a stream in R2. */
async function ghostData(): Promise<string> {
  const runId = `wrun_GHOST${crypto.randomUUID().replaceAll('-', '').slice(0, 21).toUpperCase()}`;
  await env.BUCKET.put(`payloads/${runId}/blob_a`, 'leftover');
  await env.BUCKET.put(`payloads/${runId}/blob_b`, 'leftover');
  await world().writeToStream(`strm_${runId}_user`, runId, enc('orphan chunk'));
  return runId;
}

async function sweepAll(options: { graceMs?: number; limit?: number }) {
  const w = world();
  const orphans: { runId: string; area: string; deleted: number }[] = [];
  let cursor: string | undefined;
  let calls = 0;
  do {
    const page = await w.control.sweepOrphans({ ...options, ...(cursor ? { cursor } : {}) });
    orphans.push(...page.orphans);
    cursor = page.cursor;
    calls++;
  } while (cursor !== undefined && calls < 1_000);
  return { orphans, calls };
}

describe('control.sweepOrphans', () => {
  it('deletes the payloads and streams of a run no object holds, and nothing of a live run', { timeout: 60_000 }, async () => {
    const ghost = await ghostData();
    const { run } = await world().events.create(null, {
      eventType: 'run_created',
      specVersion: 3,
      eventData: { deploymentId: 'dpl_test', workflowName: 'kept', input: enc(`"${'x'.repeat(100)}"`) },
    });
    const live = run?.runId as string;
    await world().writeToStream(`strm_${live}_user`, live, enc('kept chunk'));
    expect(await count(`payloads/${live}/`)).toBe(1);

    const { orphans, calls } = await sweepAll({ graceMs: 0, limit: 2 });
    expect(calls).toBeGreaterThan(1); // paged
    expect(orphans).toEqual(
      expect.arrayContaining([
        { runId: ghost, area: 'payloads', deleted: 2 },
        { runId: ghost, area: 'streams', deleted: 1 },
      ]),
    );
    expect(orphans.map((o) => o.runId)).not.toContain(live);
    expect(await count(`payloads/${ghost}/`)).toBe(0);
    expect(await world().listStreamsByRunId(ghost)).toEqual([]);
    expect(await count(`payloads/${live}/`)).toBe(1);
    expect(await world().listStreamsByRunId(live)).toEqual([`strm_${live}_user`]);
  });

  it('leaves data younger than the grace period (a run being created right now)', { timeout: 60_000 }, async () => {
    const ghost = await ghostData();
    const { orphans } = await sweepAll({}); // default grace: 1 hour
    expect(orphans.map((o) => o.runId)).not.toContain(ghost);
    expect(await count(`payloads/${ghost}/`)).toBe(2);
  });

  it('refuses bad options and a forged cursor with INVALID_ARGUMENT', async () => {
    for (const options of [{ limit: 0 }, { limit: 501 }, { graceMs: -1 }, { cursor: 'not-a-cursor' }, { cursor: btoa('{"area":"elsewhere"}') }]) {
      await expect(world().control.sweepOrphans(options)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
    }
  });
});
