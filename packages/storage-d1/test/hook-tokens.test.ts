import { describe, expect, it } from 'vitest';
import { index, unique } from './fixtures.js';

describe('claimHookToken', () => {
  it('gives a free token to the claimant and reports it through findHookByToken', async () => {
    const idx = index();
    const token = unique('tok');
    expect(await idx.findHookByToken(token)).toBeNull();
    expect(await idx.claimHookToken({ token, runId: 'wrun_1', hookId: 'hook_1', now: 1 })).toEqual({ runId: 'wrun_1', hookId: 'hook_1' });
    expect(await idx.findHookByToken(token)).toEqual({ runId: 'wrun_1', hookId: 'hook_1' });
  });

  it('returns the existing owner to a second claimant, from another run or another hook of the same run', async () => {
    const idx = index();
    const token = unique('tok');
    await idx.claimHookToken({ token, runId: 'wrun_1', hookId: 'hook_1', now: 1 });
    expect(await idx.claimHookToken({ token, runId: 'wrun_2', hookId: 'hook_9', now: 2 })).toEqual({ runId: 'wrun_1', hookId: 'hook_1' });
    expect(await idx.claimHookToken({ token, runId: 'wrun_1', hookId: 'hook_2', now: 3 })).toEqual({ runId: 'wrun_1', hookId: 'hook_1' });
  });

  it('is idempotent for the owner: a retried claim by the same (runId, hookId) is still owned', async () => {
    const idx = index();
    const token = unique('tok');
    const claim = { token, runId: 'wrun_1', hookId: 'hook_1', now: 1 };
    await idx.claimHookToken(claim);
    expect(await idx.claimHookToken({ ...claim, now: 99 })).toEqual({ runId: 'wrun_1', hookId: 'hook_1' });
  });

  it('20 concurrent claims of one token from different runs: exactly one owner, seen by every caller', async () => {
    const idx = index();
    const token = unique('tok');
    const claimants = Array.from({ length: 20 }, (_, i) => ({ runId: `wrun_${i}`, hookId: `hook_${i}` }));
    const owners = await Promise.all(claimants.map((c) => idx.claimHookToken({ token, ...c, now: 1 })));
    const first = owners[0];
    expect(claimants).toContainEqual(first);
    for (const owner of owners) expect(owner).toEqual(first);
    expect(await idx.findHookByToken(token)).toEqual(first);
  });

  it('concurrent claims through separate index instances (separate Kysely) also agree', async () => {
    const token = unique('tok');
    const owners = await Promise.all(
      Array.from({ length: 20 }, (_, i) => index().claimHookToken({ token, runId: `wrun_${i}`, hookId: 'hook', now: i })),
    );
    expect(new Set(owners.map((o) => o.runId)).size).toBe(1);
  });

  it('release then re-claim: the token passes to the next claimant', async () => {
    const idx = index();
    const token = unique('tok');
    await idx.claimHookToken({ token, runId: 'wrun_1', hookId: 'hook_1', now: 1 });
    await idx.apply([{ op: 'releaseToken', token, runId: 'wrun_1', hookId: 'hook_1' }]);
    expect(await idx.findHookByToken(token)).toBeNull();
    expect(await idx.claimHookToken({ token, runId: 'wrun_2', hookId: 'hook_2', now: 2 })).toEqual({ runId: 'wrun_2', hookId: 'hook_2' });
  });

  it("a stale release by a former owner or another hook leaves the current owner's claim in place", async () => {
    const idx = index();
    const token = unique('tok');
    await idx.claimHookToken({ token, runId: 'wrun_2', hookId: 'hook_2', now: 2 });
    await idx.apply([
      { op: 'releaseToken', token, runId: 'wrun_1', hookId: 'hook_1' },
      { op: 'releaseToken', token, runId: 'wrun_2', hookId: 'hook_other' },
      { op: 'releaseRunTokens', runId: 'wrun_1' },
    ]);
    expect(await idx.findHookByToken(token)).toEqual({ runId: 'wrun_2', hookId: 'hook_2' });
  });

  it('releaseRunTokens frees every token of the run for other runs', async () => {
    const idx = index();
    const runId = unique('wrun');
    const tokens = [unique('tok'), unique('tok'), unique('tok')];
    await Promise.all(tokens.map((token, i) => idx.claimHookToken({ token, runId, hookId: `hook_${i}`, now: 1 })));
    await idx.apply([{ op: 'releaseRunTokens', runId }]);
    for (const token of tokens) {
      expect(await idx.claimHookToken({ token, runId: 'wrun_next', hookId: 'hook_n', now: 2 })).toEqual({ runId: 'wrun_next', hookId: 'hook_n' });
    }
  });
});
