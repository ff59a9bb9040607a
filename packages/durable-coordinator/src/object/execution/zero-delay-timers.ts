/**
 * Zero-delay timers that cost well under a microsecond instead of a millisecond.
 *
 * workerd runs `setTimeout(fn, 0)` as a real timer of at least 1 ms (measured here: 1,000 of them in a row
 * take 1.16 s). `@workflow/core` 4.8 waits for one or two such timers per completed step on every replay (its
 * idle detection: `EventsConsumer.handleUnconsumed` and the delivery barriers' safety net), so the replay of a
 * run with 1,000 finished steps spent 1.1 s in timers alone and a 1,000-step run took ~10 minutes.
 *
 * A zero-delay callback runs after a chain of {@link MICROTASK_HOPS} reactions on an already settled promise.
 * Measured in workerd: a reaction costs ~0.15 µs, `queueMicrotask` ~5 µs, a MessageChannel round trip ~9 µs
 * (and workerd delivers a port's message like a microtask too, not as a later task). With the MessageChannel,
 * a 1,000-step run's last 100 steps cost ~46 ms each; with the reactions ~25 ms.
 *
 * What is kept: the callback runs later, never inside `setTimeout`, after the caller's synchronous code, the
 * microtasks queued before it and right after it, and the next hops of any promise chain under way (the DevKit's
 * idle checks count on that: see {@link MICROTASK_HOPS}); zero-delay callbacks run in the order they were set;
 * `clearTimeout` / `close()` cancel them; a callback runs in the async context it was set in; a callback that
 * throws is reported as an uncaught exception, not as a rejected promise. Timers with a real delay are
 * untouched. Installed once per isolate by the run objects before they execute a replay.
 *
 * What differs from Node (test/zero-delay-timers.test.ts pins it): the callback runs as a microtask, not as a
 * later task, so a chain longer than {@link MICROTASK_HOPS} hops, or a microtask queued by one zero-delay
 * callback, may run after the next one. The DevKit's callbacks replay correctly this way (every test and
 * benchmark workload). Real tasks were measured and not kept: workerd's own timers and `setImmediate` take
 * ~1.2 ms each, a body read 14 µs (a 600-step run 12.4 s against 9.5 s).
 *
 * Known cost: the timers are patched for the whole isolate, and without real timers a run executing here is an
 * unbroken chain of events, so under `wrangler dev` the isolate answers no other request until the run ends
 * or waits on real I/O. Measured, with what was tried, in the README's Performance section.
 */
import { reportUncaught } from './report-uncaught.js';

type TimerFn = (...args: unknown[]) => void;

let nextId = 1;

/** The handle `setTimeout` returns for a zero-delay timer, shaped like Node's `Timeout`. */
class ZeroDelayTimeout {
  readonly #id = nextId++;
  cancelled = false;
  #run: (() => void) | undefined;

  constructor(run: () => void) {
    this.#run = run;
  }

  fire(): void {
    const run = this.#run;
    this.#run = undefined;
    if (this.cancelled || !run) return;
    try {
      run();
    } catch (error) {
      reportUncaught(error);
    }
  }

  close(): this {
    this.cancelled = true;
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
  hasRef(): boolean {
    return !this.cancelled;
  }
  refresh(): this {
    return this;
  }
  [Symbol.toPrimitive](): number {
    return this.#id;
  }
}

/**
 * How many microtask hops a zero-delay callback waits. Node runs it after every pending microtask; a chain
 * of reactions can only approximate that, by letting any promise chain that is under way when the timer is
 * set take this many steps first. The DevKit's idle checks count on it: its delivery chains (a step result
 * resolving a `Promise.race`, a `for await` over a hook resuming) take a handful of hops before they
 * subscribe their next consumer. Each hop costs ~0.15 µs.
 */
export const MICROTASK_HOPS = 16;

const INSTALLED = Symbol.for('workflow-world-cloudflare/zero-delay-timers');
type Slot = { [INSTALLED]?: true };

/** Routes `setTimeout(fn)` / `setTimeout(fn, 0)` (any delay below 1 ms) through a settled promise. Idempotent. */
export function installZeroDelayTimers(): void {
  const g = globalThis as typeof globalThis & Slot;
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const settled = Promise.resolve();
  // A chain of reactions on a settled promise: each hop goes to the back of the microtask queue, so promise
  // chains already under way move as many hops ahead first. Reactions keep the caller's async context.
  // A cleared timer stops walking at its next hop.
  const after = (hops: number, timer: ZeroDelayTimeout): void => {
    settled.then(() => {
      if (hops === 0) timer.fire();
      else if (!timer.cancelled) after(hops - 1, timer);
    });
  };

  const setTimeoutFast = (handler: unknown, delay?: unknown, ...args: unknown[]): unknown => {
    const ms = Number(delay ?? 0);
    if (typeof handler !== 'function' || ms >= 1) {
      return (realSetTimeout as (...a: unknown[]) => unknown)(handler, delay, ...args);
    }
    const fn = handler as TimerFn;
    const timer = new ZeroDelayTimeout(args.length === 0 ? fn : () => fn(...args));
    after(MICROTASK_HOPS, timer);
    return timer;
  };
  const clearTimeoutFast = (handle: unknown): void => {
    if (handle instanceof ZeroDelayTimeout) handle.close();
    else (realClearTimeout as (h: unknown) => void)(handle);
  };
  globalThis.setTimeout = setTimeoutFast as typeof globalThis.setTimeout;
  globalThis.clearTimeout = clearTimeoutFast as typeof globalThis.clearTimeout;
}
