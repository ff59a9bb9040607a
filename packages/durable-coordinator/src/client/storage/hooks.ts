/** `Storage['hooks']`: the index maps hook ids and tokens to runs; the run's object holds the hook. */
import { decodeValue, resolvePage, toPage } from '@workflow-world-cloudflare/core';
import { HookNotFoundError } from '@workflow/errors';
import type { Hook, ResolveData, Storage } from '@workflow/world';
import { createHydrator } from './hydrate.js';
import type { DurableStorageOptions } from './options.js';
import { runStub, unwrap } from './run-stub.js';

export function createHooksStorage(opts: DurableStorageOptions): Storage['hooks'] {
  async function fromRun(runId: string, hookId: string, resolveData: ResolveData, notFound: string): Promise<Hook> {
    const result = await runStub(opts, runId).hooksGet(hookId);
    if (!result.ok && result.error.name === 'HookNotFoundError') throw new HookNotFoundError(notFound);
    return createHydrator(opts).hook(unwrap(result), resolveData);
  }

  return {
    async get(hookId, params) {
      const runId = await opts.index.findRunIdByHookId(hookId);
      if (!runId) throw new HookNotFoundError(hookId);
      return fromRun(runId, hookId, params?.resolveData ?? 'all', hookId);
    },
    async getByToken(token, params) {
      const owner = await opts.index.findHookByToken(token);
      if (!owner) throw new HookNotFoundError(token);
      return fromRun(owner.runId, owner.hookId, params?.resolveData ?? 'all', token);
    },
    async list(params) {
      const page = resolvePage('hooks', params.pagination);
      const rows = params.runId
        ? await runStub(opts, params.runId).hooksList(page)
        : (await opts.index.listHooks({ page })).map((r) => decodeValue(r.data) as Hook);
      const result = toPage(rows, page.limit, (h) => ({ t: h.createdAt.getTime(), id: h.hookId }));
      const hydrate = createHydrator(opts);
      const data = await Promise.all(result.data.map((h) => hydrate.hook(h, params.resolveData ?? 'all')));
      return { ...result, data };
    },
  };
}
