/** `Storage['steps']`: steps live in their run's object; a step id alone is resolved through the index. */
import { resolvePage, toPage } from '@workflow-world-cloudflare/core';
import { WorkflowWorldError } from '@workflow/errors';
import type { Storage } from '@workflow/world';
import { createHydrator } from './hydrate.js';
import type { DurableStorageOptions } from './options.js';
import type { RecentOwners } from './recent-owners.js';
import { runStub, unwrap } from './run-stub.js';

export function createStepsStorage(opts: DurableStorageOptions, recent: RecentOwners): Storage['steps'] {
  return {
    get: (async (runId: string | undefined, stepId: string, params?: { resolveData?: 'all' | 'none' }) => {
      // D1 answers for every isolate; a step this storage created a moment ago may not be there yet.
      const owner = runId ?? (await opts.index.findRunIdByStepId(stepId)) ?? recent.stepOwner(stepId);
      if (!owner) throw new WorkflowWorldError(`Step not found: ${stepId}`, { status: 404 });
      const step = unwrap(await runStub(opts, owner).stepsGet(owner, stepId));
      return createHydrator(opts).step(step, params?.resolveData ?? 'all');
    }) as Storage['steps']['get'],
    list: (async (params: Parameters<Storage['steps']['list']>[0]) => {
      const page = resolvePage('steps', params.pagination);
      const rows = await runStub(opts, params.runId).stepsList(page);
      const result = toPage(rows, page.limit, (s) => ({ t: s.createdAt.getTime(), id: s.stepId }));
      const hydrate = createHydrator(opts);
      const data = await Promise.all(result.data.map((s) => hydrate.step(s, params.resolveData ?? 'all')));
      return { ...result, data };
    }) as Storage['steps']['list'],
  };
}
