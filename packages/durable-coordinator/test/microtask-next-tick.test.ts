/// <reference types="@cloudflare/vitest-plugin/types" />
// The run objects' `process.nextTick`, in the real Workers runtime: it must run callbacks exactly where
// workerd's own (a `queueMicrotask`) runs them, with their arguments and async context.
import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { installMicrotaskNextTick } from '../src/object/execution/microtask-next-tick.js';

const INSTALLED = Symbol.for('workflow-world-cloudflare/microtask-next-tick');
type Proc = typeof process & { [INSTALLED]?: true };

// workerd's own, taken before the replacement is installed.
const platformNextTick = process.nextTick;
const platformWasInstalled = (process as Proc)[INSTALLED] === true;
installMicrotaskNextTick();

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

/** One interleaving of nextTicks, microtasks, reactions and nested ticks; returns the order they ran in. */
async function interleaving(nextTick: (fn: (...args: unknown[]) => void, ...args: unknown[]) => void): Promise<string[]> {
  const seen: string[] = [];
  const settled = Promise.resolve();
  queueMicrotask(() => seen.push('microtask 1'));
  nextTick(() => {
    seen.push('tick 1');
    nextTick(() => seen.push('tick 1 / nested tick'));
    queueMicrotask(() => seen.push('tick 1 / nested microtask'));
  });
  settled.then(() => seen.push('reaction 1')).then(() => seen.push('reaction 1 / next hop'));
  nextTick((a: unknown, b: unknown) => seen.push(`tick 2 (${String(a)}, ${String(b)})`), 'x', 2);
  queueMicrotask(() => {
    seen.push('microtask 2');
    nextTick(() => seen.push('microtask 2 / nested tick'));
  });
  seen.push('sync');
  await settle();
  return seen;
}

describe('process.nextTick as a promise reaction', () => {
  it('is installed once, over the platform nextTick', () => {
    expect(platformWasInstalled).toBe(false);
    expect((process as Proc)[INSTALLED]).toBe(true);
    expect(process.nextTick).not.toBe(platformNextTick);
    const installed = process.nextTick;
    installMicrotaskNextTick();
    expect(process.nextTick).toBe(installed);
  });

  it("runs callbacks in exactly the order workerd's own nextTick does, among microtasks and reactions", async () => {
    const platform = await interleaving(platformNextTick as never);
    const ours = await interleaving(process.nextTick as never);
    expect(ours).toEqual(platform);
    // The order itself, so that the comparison above cannot pass on two empty lists.
    expect(ours).toEqual([
      'sync',
      'microtask 1',
      'tick 1',
      'reaction 1',
      'tick 2 (x, 2)',
      'microtask 2',
      'tick 1 / nested tick',
      'tick 1 / nested microtask',
      'reaction 1 / next hop',
      'microtask 2 / nested tick',
    ]);
  });

  it('runs a callback in the async context it was queued in', async () => {
    const context = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    context.run('first', () => process.nextTick(() => seen.push(context.getStore())));
    context.run('second', () => process.nextTick(() => seen.push(context.getStore())));
    process.nextTick(() => seen.push(context.getStore()));
    await settle();
    expect(seen).toEqual(['first', 'second', undefined]);
  });
});
