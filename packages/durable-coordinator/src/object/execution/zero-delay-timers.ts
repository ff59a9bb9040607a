/**
 * Zero-delay timers that cost microseconds instead of a millisecond.
 *
 * workerd runs `setTimeout(fn, 0)` as a real timer of at least 1 ms (measured here: 1,000 of them in a row
 * take 1.16 s; a MessageChannel round trip takes ~9 µs). `@workflow/core` 4.8 waits for one or two such timers
 * per completed step on every replay (its idle detection: `EventsConsumer.handleUnconsumed` and the delivery
 * barriers' safety net), so the replay of a run with 1,000 finished steps spent 1.1 s in timers alone and a
 * 1,000-step run took ~10 minutes. Run through a MessageChannel the same replay takes ~20 ms.
 *
 * What is kept: the callback runs later, never inside `setTimeout`, after the caller's synchronous code and the
 * microtasks queued before it; zero-delay callbacks run in the order they were set; `clearTimeout` / `close()`
 * cancel them. Timers with a real delay are untouched. Installed once per isolate by the run objects before
 * they execute a replay.
 *
 * What differs from Node (test/zero-delay-timers.test.ts pins it): workerd delivers a port's message like a
 * microtask queued by `postMessage`, not as a later task. A microtask queued after the `setTimeout` call, or by
 * one zero-delay callback, may run after the next one. The DevKit's callbacks replay correctly this way (every
 * test and benchmark workload). Posting one message at a time from a microtask did not restore Node's order,
 * and it made a 600-step run 43% slower (12.9 s against 9.0 s).
 *
 * Callbacks run in the channel's async context, not the caller's: capturing it costs as much again per timer,
 * and the DevKit's zero-delay callbacks only settle promises, whose continuations keep the context they were
 * awaited in. A callback that did call the World outside its run's context would go over RPC to the same
 * object — slower, still correct.
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
    if (!this.cancelled && run) run();
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

/** Routes `setTimeout(fn)` / `setTimeout(fn, 0)` (any delay below 1 ms) through a MessageChannel. Idempotent. */
export function installZeroDelayTimers(): void {
  const g = globalThis as typeof globalThis & Slot;
  if (g[INSTALLED]) return;
  g[INSTALLED] = true;
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const due: ZeroDelayTimeout[] = [];
  const channel = new MessageChannel();
  // One message per timer, delivered in the order posted (see above for when).
  channel.port1.onmessage = () => due.shift()?.fire();

  const setTimeoutFast = (handler: unknown, delay?: unknown, ...args: unknown[]): unknown => {
    const ms = Number(delay ?? 0);
    if (typeof handler !== 'function' || ms >= 1) {
      return (realSetTimeout as (...a: unknown[]) => unknown)(handler, delay, ...args);
    }
    const fn = handler as TimerFn;
    const timer = new ZeroDelayTimeout(args.length === 0 ? fn : () => fn(...args));
    due.push(timer);
    channel.port2.postMessage(0);
    return timer;
  };
  const clearTimeoutFast = (handle: unknown): void => {
    if (handle instanceof ZeroDelayTimeout) handle.close();
    else (realClearTimeout as (h: unknown) => void)(handle);
  };
  globalThis.setTimeout = setTimeoutFast as typeof globalThis.setTimeout;
  globalThis.clearTimeout = clearTimeoutFast as typeof globalThis.clearTimeout;
}
