/// <reference types="@cloudflare/vitest-plugin/types" />
// The run objects' zero-delay timers, in the real Workers runtime: what they keep of setTimeout(fn, 0), and
// where they differ from Node's (they run as microtasks).
import { AsyncLocalStorage } from 'node:async_hooks';
import { env, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { WorkflowRunObject } from '../src/index.js';
import { installZeroDelayTimers, MICROTASK_HOPS, reviveZeroDelayTimers } from '../src/object/execution/zero-delay-timers.js';
import { runStubOf } from './helpers.js';

installZeroDelayTimers();

const settle = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

/**
 * Sets a zero-delay timer that starts a chain, and drops that chain's first hop, as V8 drops the microtask queue
 * of an execution it terminates: the second `then` a zero-delay setTimeout makes is its chain's hop (the first
 * is the timer's own reaction).
 */
function setTimerOnLostChain(fn: () => void): void {
  const then = Promise.prototype.then;
  let calls = 0;
  Promise.prototype.then = function (this: Promise<unknown>, ...args: Parameters<typeof then>) {
    calls++;
    return calls === 2 ? this : then.apply(this, args);
  } as typeof then;
  try {
    setTimeout(fn, 0);
  } finally {
    Promise.prototype.then = then;
  }
  expect(calls).toBe(2);
}

/** Microtask hops only, twice a timer's: no later task (so no real check timer) runs meanwhile. */
async function hops(): Promise<void> {
  for (let i = 0; i < MICROTASK_HOPS * 2; i++) await Promise.resolve();
}

/**
 * Sets a timer on a lost chain, checks it waits, then runs `act`: within microtask hops, before any later task
 * (the lost chain's real check timer, `act`'s first I/O), only a revive in `act` can release it.
 */
async function expectRevivedBy(act: () => void): Promise<void> {
  const seen: string[] = [];
  setTimerOnLostChain(() => seen.push('lost chain'));
  await hops();
  expect(seen).toEqual([]);
  act();
  await hops();
  expect(seen).toEqual(['lost chain']);
}

describe('zero-delay timers', () => {
  it('fire later, in the order they were set, after the microtasks queued before and just after them', async () => {
    const seen: string[] = [];
    queueMicrotask(() => seen.push('microtask before'));
    setTimeout(() => seen.push('a'), 0);
    setTimeout(() => seen.push('b'));
    setTimeout((x: string) => seen.push(x), 0, 'c: with an argument');
    queueMicrotask(() => seen.push('microtask after'));
    seen.push('sync');
    await settle();
    expect(seen).toEqual(['sync', 'microtask before', 'microtask after', 'a', 'b', 'c: with an argument']);
  });

  it('a promise chain under way when the timer is set takes its next hops first (what the DevKit idle checks count on)', async () => {
    const seen: string[] = [];
    let chain: Promise<unknown> = Promise.resolve();
    for (let hop = 1; hop <= MICROTASK_HOPS - 2; hop++) chain = chain.then(() => seen.push(`hop ${hop}`));
    setTimeout(() => seen.push('timer'), 0);
    await settle();
    expect(seen.at(-1)).toBe('timer');
    expect(seen).toHaveLength(MICROTASK_HOPS - 1);
  });

  it('a chain under way also takes its next hops first when the timer joins timers already waiting', async () => {
    const seen: string[] = [];
    setTimeout(() => seen.push('waiting'), 0);
    // Set a few hops later, while the first timer waits: the timers' shared chain has a hop queued already.
    await Promise.resolve();
    await Promise.resolve();
    let chain: Promise<unknown> = Promise.resolve();
    // As many hops as a chain of the timer's own let pass (its MICROTASK_HOPS + 1 reactions).
    for (let hop = 1; hop <= MICROTASK_HOPS + 1; hop++) chain = chain.then(() => seen.push(`hop ${hop}`));
    setTimeout(() => seen.push('joined'), 0);
    await settle();
    expect(seen.at(-1)).toBe('joined');
    expect(seen).toHaveLength(MICROTASK_HOPS + 3);
  });

  it('a thousand timers waiting at once all fire, in order, each in its own async context', async () => {
    const context = new AsyncLocalStorage<number>();
    const seen: (number | undefined)[] = [];
    for (let i = 0; i < 1000; i++) context.run(i, () => setTimeout(() => seen.push(context.getStore()), 0));
    await settle();
    expect(seen).toEqual(Array.from({ length: 1000 }, (_, i) => i));
  });

  it('a timer still fires when the chain that was to release it is lost (a terminated execution drops its microtasks)', async () => {
    const seen: string[] = [];
    setTimerOnLostChain(() => seen.push('lost chain'));
    await settle();
    setTimeout(() => seen.push('after'), 0);
    await settle();
    expect(seen).toEqual(['lost chain', 'after']);
  });

  it('revive replaces a lost chain at once, without the real timer of the request that started it', async () => {
    await expectRevivedBy(reviveZeroDelayTimers);
  });

  it("a run object's alarm revives a lost chain: the timers of a replay cut off in its isolate go on", async () => {
    // The object shares this isolate (and so its timers); its alarm handler is the task start that revives.
    await runInDurableObject(runStubOf(`wrun_revive_${crypto.randomUUID()}`), async (instance: WorkflowRunObject) => {
      let alarm: Promise<void> | undefined;
      await expectRevivedBy(() => {
        alarm = instance.alarm();
      });
      await alarm;
    });
  });

  it("a run object's construction revives a lost chain, before its setup's first I/O", async () => {
    // A second instance over the same state: its constructor is what workerd runs at the start of a new
    // instance's first task.
    await runInDurableObject(runStubOf(`wrun_revive_${crypto.randomUUID()}`), async (_instance, state) => {
      await expectRevivedBy(() => new WorkflowRunObject(state, env));
      // Its setup (tables, alarms, inbox) runs under blockConcurrencyWhile; let it end before the test does.
      await state.blockConcurrencyWhile(async () => {});
    });
  });

  it('a chain replaced while it still walks stops, so the timers keep their hops', async () => {
    const seen: string[] = [];
    let chain: Promise<unknown> = Promise.resolve();
    for (let hop = 1; hop <= MICROTASK_HOPS - 2; hop++) chain = chain.then(() => seen.push(`hop ${hop}`));
    setTimeout(() => seen.push('timer'), 0);
    // Misused (mid-task, with the chain alive): two chains walking would release the timer hops early.
    reviveZeroDelayTimers();
    reviveZeroDelayTimers();
    await settle();
    expect(seen.at(-1)).toBe('timer');
    expect(seen).toHaveLength(MICROTASK_HOPS - 1);
  });

  it("unlike Node, a callback's microtask may run after the next zero-delay callback (they fire back to back)", async () => {
    const seen: string[] = [];
    // The first timer starts the timers' chain; the two set after it wait the same hops, and fire in one.
    setTimeout(() => seen.push('first'), 0);
    setTimeout(() => {
      seen.push('a');
      queueMicrotask(() => seen.push("a's microtask"));
    }, 0);
    setTimeout(() => seen.push('b'), 0);
    await settle();
    expect(seen).toEqual(['first', 'a', 'b', "a's microtask"]);
  });

  it('a cleared timer never fires, wherever it stands in the line', async () => {
    const seen: number[] = [];
    const timers = [0, 1, 2, 3, 4].map((i) => setTimeout(() => seen.push(i), 0));
    clearTimeout(timers[0]);
    clearTimeout(timers[2]);
    clearTimeout(timers[4]);
    await settle();
    expect(seen).toEqual([1, 3]);
  });

  it('a timer set from a callback fires after those already waiting', async () => {
    const seen: string[] = [];
    setTimeout(() => {
      seen.push('first');
      setTimeout(() => seen.push('set by first'), 0);
    }, 0);
    setTimeout(() => seen.push('second'), 0);
    await settle();
    await settle();
    expect(seen).toEqual(['first', 'second', 'set by first']);
  });

  it('a callback runs in the async context it was set in', async () => {
    const context = new AsyncLocalStorage<string>();
    const seen: (string | undefined)[] = [];
    context.run('first run', () => setTimeout(() => seen.push(context.getStore()), 0));
    context.run('second run', () => setTimeout(() => seen.push(context.getStore()), 0));
    setTimeout(() => seen.push(context.getStore()), 0);
    await settle();
    expect(seen).toEqual(['first run', 'second run', undefined]);
  });

  it('timers with a real delay keep the platform timer', async () => {
    const t0 = Date.now();
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(Date.now() - t0).toBeGreaterThanOrEqual(25);
  });
});
