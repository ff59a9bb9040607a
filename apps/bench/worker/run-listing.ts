/**
 * The runs listing the DevKit's web UI and `workflow inspect runs` page through, at scale: runs are seeded
 * straight into the D1 index (the same rows the run objects write, through storage-d1's own `apply`, 500 per
 * D1 batch), then `world.runs.list` — the World's public read — is timed inside workerd for each filter and
 * page depth the UI uses. Creating 100,000 real runs (100,000 Durable Objects) would measure the seeding, not
 * the listing.
 */
import { encodeValue, newRunId } from '@workflow-world-cloudflare/core';
import { createD1Index, type IndexOp } from '@workflow-world-cloudflare/storage-d1';
import type { WorkflowRunStatus, World } from '@workflow/world';
import type { ListingTimings } from '../src/listing-timings.ts';

export const WORKFLOW_NAMES = Array.from({ length: 10 }, (_, i) => `workflow//./src/workflows/bench//wf${i}`);
const BATCH = 500;
/** Seeded runs are one second apart, ending now: newest first is the latest seeded. */
const START = Date.UTC(2026, 0, 1);

/** 90% completed, 5% running, 4% failed, 1% cancelled, by a fixed pattern (the same at every scale). */
function statusOf(i: number): WorkflowRunStatus {
  const r = i % 100;
  if (r < 90) return 'completed';
  if (r < 95) return 'running';
  if (r < 99) return 'failed';
  return 'cancelled';
}

/** Adds runs number `from` … `to - 1` to the index. */
export async function seedRuns(db: D1Database, from: number, to: number): Promise<void> {
  const index = createD1Index(db);
  for (let start = from; start < to; start += BATCH) {
    const ops: IndexOp[] = [];
    for (let i = start; i < Math.min(to, start + BATCH); i++) {
      const createdAt = START + i * 1000;
      const status = statusOf(i);
      const run = {
        runId: newRunId(createdAt),
        status,
        deploymentId: 'dpl_bench',
        workflowName: WORKFLOW_NAMES[i % WORKFLOW_NAMES.length] as string,
        specVersion: 3,
        executionContext: {},
        input: new Uint8Array([1, 2, 3]),
        createdAt: new Date(createdAt),
        updatedAt: new Date(createdAt + 500),
        startedAt: new Date(createdAt + 10),
        ...(status === 'running' ? {} : { completedAt: new Date(createdAt + 500) }),
        ...(status === 'completed' ? { output: new Uint8Array([4]) } : {}),
        ...(status === 'failed' ? { error: { message: 'card declined' } } : {}),
      };
      ops.push({
        op: 'upsertRun',
        run: { runId: run.runId, workflowName: run.workflowName, status, deploymentId: run.deploymentId, createdAt, updatedAt: createdAt + 500, version: 1, data: encodeValue(run) },
      });
    }
    await index.apply(ops, { trusted: true });
  }
}

/** Times each listing the UI makes, `reps` times, on the runs seeded so far. */
export async function timeListings(world: World, reps: number): Promise<ListingTimings> {
  const name = WORKFLOW_NAMES[3] as string;
  const queries: Record<string, () => Promise<unknown>> = {
    'newest 20, no filter': () => world.runs.list({ pagination: { limit: 20 }, resolveData: 'none' }),
    'newest 20 of one workflow': () => world.runs.list({ workflowName: name, pagination: { limit: 20 }, resolveData: 'none' }),
    'newest 20 failed (4%)': () => world.runs.list({ status: 'failed', pagination: { limit: 20 }, resolveData: 'none' }),
    'newest 20 cancelled of one workflow (0.1%)': () =>
      world.runs.list({ workflowName: name, status: 'cancelled', pagination: { limit: 20 }, resolveData: 'none' }),
    'oldest 20 (asc)': () => world.runs.list({ pagination: { limit: 20, sortOrder: 'asc' }, resolveData: 'none' }),
    'page 10 of 50 (cursor walk)': async () => {
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const result = await world.runs.list({ pagination: { limit: 50, ...(cursor ? { cursor } : {}) }, resolveData: 'none' });
        cursor = result.cursor ?? undefined;
      }
    },
  };
  const out: ListingTimings = {};
  for (const [label, query] of Object.entries(queries)) {
    await query(); // warm
    out[label] = [];
    for (let r = 0; r < reps; r++) {
      const t0 = performance.now();
      await query();
      out[label].push(performance.now() - t0);
    }
  }
  return out;
}
