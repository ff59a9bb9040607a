/** `Storage['runs']`: one run from its object, lists from the D1 index. */
import { decodeValue, resolvePage, toPage } from '@workflow-world-cloudflare/core';
import type { Storage, WorkflowRun } from '@workflow/world';
import { createHydrator } from './hydrate.js';
import type { DurableStorageOptions } from './options.js';
import type { RecentOwners } from './recent-owners.js';
import { runStub, unwrap } from './run-stub.js';

export function createRunsStorage(opts: DurableStorageOptions, recent: RecentOwners): Storage['runs'] {
  return {
    get: (async (id: string, params?: { resolveData?: 'all' | 'none' }) => {
      const run = unwrap(await runStub(opts, id).runsGet(id));
      return createHydrator(opts).run(run, params?.resolveData ?? 'all');
    }) as Storage['runs']['get'],
    list: (async (params?: Parameters<Storage['runs']['list']>[0]) => {
      const page = resolvePage('runs', params?.pagination);
      // Runs whose snapshot this storage wrote a moment ago may not be in D1 yet: their objects catch up first.
      await Promise.all(recent.takeRunIndexPending().map((runId) => runStub(opts, runId).indexFlush()));
      const rows = await opts.index.listRuns({
        page,
        ...(params?.workflowName === undefined ? {} : { workflowName: params.workflowName }),
        ...(params?.status === undefined ? {} : { status: params.status }),
      });
      const result = toPage(rows, page.limit, (r) => ({ t: r.createdAt, id: r.runId }));
      const hydrate = createHydrator(opts);
      const data = await Promise.all(
        result.data.map((r) => hydrate.run(decodeValue(r.data) as WorkflowRun, params?.resolveData ?? 'all')),
      );
      return { ...result, data };
    }) as Storage['runs']['list'],
  };
}
