/**
 * Zero-delay timers that cost well under a microsecond instead of a millisecond.
 *
 * workerd runs `setTimeout(fn, 0)` as a real timer of at least 1 ms (measured here: 1,000 of them in a row
 * take 1.16 s). `@workflow/core` 4.8 waits for one or two such timers per completed step on every replay (its
 * idle detection: `EventsConsumer.handleUnconsumed` and the delivery barriers' safety net), so the replay of a
 * run with 1,000 finished steps spent 1.1 s in timers alone and a 1,000-step run took ~10 minutes.
 *
 * A zero-delay callback is run as a promise reaction on an already settled promise. Measured in workerd, one
 * costs ~0.15 µs, `queueMicrotask` ~5 µs, a MessageChannel round trip ~9 µs; with the first, a 1,000-step run's
 * last 100 steps cost ~25 ms each instead of ~46 ms (MessageChannel).
 *
 * What is kept: the callback runs later, never inside `setTimeout`, after the caller's synchronous code and the
 * microtasks queued before it; zero-delay callbacks run in the order they were set; `clearTimeout` / `close()`
 * cancel them; a callback runs in the async context it was set in (a promise reaction keeps it); a callback
 * that throws is reported as an uncaught exception, not as a rejected promise. Timers with a real delay are
 * untouched. Installed once per isolate by the run objects before they execute a replay.
 *
 * What differs from Node (test/zero-delay-timers.test.ts pins it): the callback runs as a microtask, not as a
 * later task. A microtask queued after the `setTimeout` call, or by one zero-delay callback, may run after the
 * next one. workerd delivers a MessagePort's messages the same way (the previous implementation), so this
 * is no new difference; the DevKit's callbacks replay correctly with it (every test and benchmark workload).
 * Posting one timer at a time from a microtask did not restore Node's order, and it made a 600-step run 43%
 * slower (12.9 s against 9.0 s).
 */
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
      // Reported as an uncaught exception, as a throwing timer callback is, not as a rejected promise.
      queueMicrotask(() => {
        throw error;
      });
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

  const setTimeoutFast = (handler: unknown, delay?: unknown, ...args: unknown[]): unknown => {
    const ms = Number(delay ?? 0);
    if (typeof handler !== 'function' || ms >= 1) {
      return (realSetTimeout as (...a: unknown[]) => unknown)(handler, delay, ...args);
    }
    const fn = handler as TimerFn;
    const timer = new ZeroDelayTimeout(args.length === 0 ? fn : () => fn(...args));
    // One reaction per timer: reactions run in the order they were added, in the caller's async context.
    settled.then(() => timer.fire());
    return timer;
  };
  const clearTimeoutFast = (handle: unknown): void => {
    if (handle instanceof ZeroDelayTimeout) handle.close();
    else (realClearTimeout as (h: unknown) => void)(handle);
  };
  globalThis.setTimeout = setTimeoutFast as typeof globalThis.setTimeout;
  globalThis.clearTimeout = clearTimeoutFast as typeof globalThis.clearTimeout;
}
