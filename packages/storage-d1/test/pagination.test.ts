import type { CursorPosition } from '@workflow-world-cloudflare/core';
import { describe, expect, it } from 'vitest';
import type { HookIndexRow, IndexOp, RunIndexRow } from '../src/index.js';
import { hookRow, index, page, runRow, unique } from './fixtures.js';

const runPos = (r: RunIndexRow): CursorPosition => ({ t: r.createdAt, id: r.runId });
const hookPos = (h: HookIndexRow): CursorPosition => ({ t: h.createdAt, id: h.hookId });

/** Pages through everything with `limit`, the way core's `toPage` + cursor would. */
async function pageAll<T>(fetch: (after: CursorPosition | null) => Promise<T[]>, limit: number, pos: (row: T) => CursorPosition, between?: () => Promise<void>) {
  const seen: T[] = [];
  let after: CursorPosition | null = null;
  for (;;) {
    const rows = await fetch(after);
    expect(rows.length).toBeLessThanOrEqual(limit + 1);
    const data = rows.slice(0, limit);
    seen.push(...data);
    if (rows.length <= limit) return seen;
    after = pos(data[data.length - 1] as T);
    await between?.();
  }
}

/** 13 runs over 5 distinct timestamps: ties on created_at are broken by id. */
function tiedRuns(prefix: string, workflowName: string): RunIndexRow[] {
  return Array.from({ length: 13 }, (_, i) => runRow(`${prefix}_${String(i).padStart(2, '0')}`, { workflowName, createdAt: 100 + (i % 5) }));
}

const ascending = (a: RunIndexRow, b: RunIndexRow) => a.createdAt - b.createdAt || (a.runId < b.runId ? -1 : 1);

describe('listRuns', () => {
  it('returns limit + 1 rows so the caller knows there is more', async () => {
    const idx = index();
    const wf = unique('wf');
    await idx.apply(tiedRuns(unique('wrun'), wf).map((run) => ({ op: 'upsertRun', run })));
    expect(await idx.listRuns({ workflowName: wf, page: page(5, 'asc') })).toHaveLength(6);
    expect(await idx.listRuns({ workflowName: wf, page: page(13, 'asc') })).toHaveLength(13);
  });

  for (const sortOrder of ['asc', 'desc'] as const) {
    for (const limit of [1, 2, 4, 5]) {
      it(`pages ${sortOrder} with limit ${limit} through ties on created_at with no skip or duplicate`, async () => {
        const idx = index();
        const wf = unique('wf');
        const runs = tiedRuns(unique('wrun'), wf);
        await idx.apply(runs.map((run) => ({ op: 'upsertRun', run })));
        const seen = await pageAll((after) => idx.listRuns({ workflowName: wf, page: page(limit, sortOrder, after) }), limit, runPos);
        const expected = [...runs].sort(ascending);
        expect(seen).toEqual(sortOrder === 'asc' ? expected : expected.reverse());
      });
    }
  }

  it('treats the cursor as exclusive: the row at the cursor position is never returned again', async () => {
    const idx = index();
    const wf = unique('wf');
    const runs = tiedRuns(unique('wrun'), wf).sort(ascending);
    await idx.apply(runs.map((run) => ({ op: 'upsertRun', run })));
    const pivot = runs[6] as RunIndexRow;
    const after = await idx.listRuns({ workflowName: wf, page: page(100, 'asc', runPos(pivot)) });
    expect(after).toEqual(runs.slice(7));
    const before = await idx.listRuns({ workflowName: wf, page: page(100, 'desc', runPos(pivot)) });
    expect(before).toEqual(runs.slice(0, 6).reverse());
  });

  it('asc paging sees rows appended while it pages, each exactly once; desc paging is unaffected by them', async () => {
    const idx = index();
    const wf = unique('wf');
    const prefix = unique('wrun');
    const runs = tiedRuns(prefix, wf);
    await idx.apply(runs.map((run) => ({ op: 'upsertRun', run })));
    let n = 0;
    const appended: RunIndexRow[] = [];
    const append = async () => {
      // Newer runs (later time), including one tied with the newest existing time and a lower id.
      const batch = [runRow(`${prefix}_new${n}`, { workflowName: wf, createdAt: 200 + n }), runRow(`${prefix}_0${n}a`, { workflowName: wf, createdAt: 104 })];
      n++;
      appended.push(...batch);
      await idx.apply(batch.map((run): IndexOp => ({ op: 'upsertRun', run })));
    };
    const desc = await pageAll((after) => idx.listRuns({ workflowName: wf, page: page(3, 'desc', after) }), 3, runPos, append);
    const descIds = desc.map((r) => r.runId);
    expect(new Set(descIds).size).toBe(descIds.length);
    for (const r of runs) expect(descIds).toContain(r.runId);

    const asc = await pageAll((after) => idx.listRuns({ workflowName: wf, page: page(3, 'asc', after) }), 3, runPos, append);
    const ascIds = asc.map((r) => r.runId);
    expect(new Set(ascIds).size).toBe(ascIds.length);
    expect([...asc].sort(ascending)).toEqual(asc);
    for (const r of runs) expect(ascIds).toContain(r.runId);
    // Rows appended with created_at 200+ lie after every cursor of the ascending pass: each was seen once.
    for (const r of appended.filter((a) => a.runId.includes('_new'))) expect(ascIds).toContain(r.runId);
  });

  it('filters by workflowName, status, or both', async () => {
    const idx = index();
    const [wfA, wfB] = [unique('wf'), unique('wf')];
    const p = unique('wrun');
    const rows = [
      runRow(`${p}_1`, { workflowName: wfA, status: 'running', createdAt: 1 }),
      runRow(`${p}_2`, { workflowName: wfA, status: 'completed', createdAt: 2 }),
      runRow(`${p}_3`, { workflowName: wfB, status: 'running', createdAt: 3 }),
    ];
    await idx.apply(rows.map((run) => ({ op: 'upsertRun', run })));
    const ids = async (q: Parameters<typeof idx.listRuns>[0]) => (await idx.listRuns(q)).map((r) => r.runId).filter((id) => id.startsWith(p));
    expect(await ids({ workflowName: wfA, page: page(10, 'asc') })).toEqual([`${p}_1`, `${p}_2`]);
    expect(await ids({ workflowName: wfA, status: 'completed', page: page(10, 'asc') })).toEqual([`${p}_2`]);
    expect(await ids({ status: 'running', page: page(1000, 'asc', { t: 0, id: p }) })).toEqual([`${p}_1`, `${p}_3`]);
    // A status change (newer version) moves the run between status filters.
    await idx.apply([{ op: 'upsertRun', run: { ...(rows[0] as RunIndexRow), status: 'failed', version: 2 } }]);
    expect(await ids({ workflowName: wfA, status: 'running', page: page(10, 'asc') })).toEqual([]);
    expect(await ids({ workflowName: wfA, status: 'failed', page: page(10, 'desc') })).toEqual([`${p}_1`]);
  });
});

describe('listHooks', () => {
  it('pages both directions by (createdAt, hookId), across runs and per run', async () => {
    const idx = index();
    const [runA, runB] = [unique('wrun'), unique('wrun')];
    // A time range no other test uses, so the unfiltered listing only meets this test's hooks in it.
    const base = 5_000_000;
    const hooks = Array.from({ length: 9 }, (_, i) => hookRow(`${runA}_h${i}`, i % 3 === 0 ? runB : runA, { createdAt: base + (i % 4) }));
    await idx.apply(hooks.map((hook) => ({ op: 'upsertHook', hook })));
    const sorted = [...hooks].sort((a, b) => a.createdAt - b.createdAt || (a.hookId < b.hookId ? -1 : 1));
    const start: CursorPosition = { t: base - 1, id: '' };
    const asc = await pageAll((after) => idx.listHooks({ page: page(2, 'asc', after ?? start) }), 2, hookPos);
    expect(asc.filter((h) => h.createdAt < base + 4)).toEqual(sorted);

    const end: CursorPosition = { t: base + 4, id: '' };
    const desc = await pageAll((after) => idx.listHooks({ page: page(4, 'desc', after ?? end) }), 4, hookPos);
    expect(desc.filter((h) => h.createdAt >= base)).toEqual([...sorted].reverse());

    const onlyA = await pageAll((after) => idx.listHooks({ runId: runA, page: page(1, 'desc', after) }), 1, hookPos);
    expect(onlyA).toEqual(sorted.filter((h) => h.runId === runA).reverse());
  });
});
