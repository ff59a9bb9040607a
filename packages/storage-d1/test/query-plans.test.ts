import { env } from 'cloudflare:test';
import { Kysely } from 'kysely';
import { D1Dialect } from 'kysely-d1';
import { describe, expect, it } from 'vitest';
import { selectHooks, selectRuns } from '../src/queries.js';
import type { Database } from '../src/schema.js';
import { page } from './fixtures.js';

const k = new Kysely<Database>({ dialect: new D1Dialect({ database: env.DB }) });

async function plan(q: { compile(): { sql: string; parameters: readonly unknown[] } }): Promise<string> {
  const c = q.compile();
  const rows = await env.DB.prepare(`EXPLAIN QUERY PLAN ${c.sql}`).bind(...c.parameters).all<{ detail: string }>();
  return rows.results.map((r) => r.detail).join('\n');
}

describe('listing queries use the keyset indexes (no table scan, no sort)', () => {
  const cursor = { t: 5, id: 'wrun_x' };
  for (const sortOrder of ['asc', 'desc'] as const) {
    for (const [label, filter, indexName] of [
      ['no filter', {}, 'wf_runs_by_created'],
      ['workflowName', { workflowName: 'wf' }, 'wf_runs_by_name_created'],
      ['status', { status: 'running' as const }, 'wf_runs_by_status_created'],
      ['workflowName + status', { workflowName: 'wf', status: 'running' as const }, 'wf_runs_by_name_status_created'],
    ] as const) {
      it(`listRuns ${sortOrder} by ${label}`, async () => {
        const detail = await plan(selectRuns(k, { ...filter, page: page(10, sortOrder, cursor) }));
        expect(detail).toContain(indexName);
        expect(detail).not.toContain('TEMP B-TREE');
      });
    }
    it(`listHooks ${sortOrder}, all and per run`, async () => {
      const all = await plan(selectHooks(k, { page: page(10, sortOrder, cursor) }));
      expect(all).toContain('wf_hooks_by_created');
      expect(all).not.toContain('TEMP B-TREE');
      const perRun = await plan(selectHooks(k, { runId: 'wrun_x', page: page(10, sortOrder, cursor) }));
      expect(perRun).toContain('wf_hooks_by_run_created');
      expect(perRun).not.toContain('TEMP B-TREE');
    });
  }
});
