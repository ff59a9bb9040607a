/**
 * Zero-delay timers that cost well under a microsecond instead of a millisecond.
 *
 * workerd runs `setTimeout(fn, 0)` as a real timer of at least 1 ms (measured here: 1,000 of them in a row
 * take 1.16 s). `@workflow/core` 4.8 waits for one or two such timers per completed step on every replay (its
 * idle detection: `EventsConsumer.handleUnconsumed` and the delivery barriers' safety net), so the replay of a
 * run with 1,000 finished steps spent 1.1 s in timers alone and a 1,000-step run took ~10 minutes.
 *
 * A zero-delay callback runs after {@link MICROTASK_HOPS} hops of a chain of reactions on an already settled
 * promise, one chain shared by every waiting timer.
 * Measured in workerd: a reaction costs ~0.15 µs, `queueMicrotask` ~5 µs, a MessageChannel round trip ~9 µs
 * (and workerd delivers a port's message like a microtask too, not as a later task). With the MessageChannel,
 * a 1,000-step run's last 100 steps cost ~46 ms each; with a chain of reactions per timer ~25 ms. One chain for
 * all waiting timers leaves a sequential run as it was (seq(1000) 6.3–7.6 s against 6.9–7.7 s, back to back) and
 * makes wide fan-outs, which keep many timers waiting at once, faster: fanout(100) ~0.46 s instead of ~1.1 s,
 * fanout(200) ~3.4 s instead of ~14 s.
 *
 * What is kept: the callback runs later, never inside `setTimeout`, after the caller's synchronous code, the
 * microtasks queued before it and right after it, and the next hops of any promise chain under way (the DevKit's
 * idle checks count on that: see {@link MICROTASK_HOPS}); zero-delay callbacks run in the order they were set;
 * `clearTimeout` / `close()` cancel them; a callback runs in the async context it was set in; a callback that
 * throws is reported as an uncaught exception, not as a rejected promise; a chain whose hops were dropped (a
 * terminated execution drops its microtasks) is replaced, so the timers still waiting fire: at the next task
 * while its request lives on, else when a run object next starts or its alarm fires
 * ({@link reviveZeroDelayTimers}). Timers with a real delay are untouched. Installed once per isolate by the run
 * objects before they execute a replay.
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
/** The isolate's installed timers: what {@link reviveZeroDelayTimers} calls. */
type Slot = { [INSTALLED]?: { revive(): void } };

/**
 * The waiting zero-delay timers, as batches released together, and the one chain of reactions that walks them.
 * Every waiting timer shares that chain: a hop costs one reaction however many timers wait (the DevKit's idle
 * checks in a replay of a wide fan-out keep a hundred or more timers waiting at once; a chain of their own each
 * made them a fifth of a fanout(100) run's CPU). The timers set during one hop of the chain wait on one pending
 * promise, released at their `due` hop: each timer's reaction on it was made when the timer was set, so its
 * callback runs in the async context it was set in, and reactions run in the order they were made.
 */
interface Batch {
  due: number;
  release: () => void;
  released: Promise<void>;
}

interface Line {
  batches: Batch[];
  /** Index of the first batch still waiting in `batches`. */
  head: number;
  /** Hops walked so far. */
  hop: number;
  /** Whether a hop of the chain is queued. */
  walking: boolean;
  /** Which chain is walking (each start counts one); a chain that is not the latest stops at its next hop. */
  chain: number;
}

/** Routes `setTimeout(fn)` / `setTimeout(fn, 0)` (any delay below 1 ms) through a settled promise. Idempotent. */
export function installZeroDelayTimers(): void {
  const g = globalThis as typeof globalThis & Slot;
  if (g[INSTALLED]) return;
  const realSetTimeout = globalThis.setTimeout;
  const realClearTimeout = globalThis.clearTimeout;
  const settled = Promise.resolve();
  const line: Line = { batches: [], head: 0, hop: 0, walking: false, chain: 0 };
  // One hop: a reaction on a settled promise goes to the back of the microtask queue, so every promise chain
  // under way moves one hop ahead between two hops of this one. Due batches are released in the order they
  // were made. A chain that was replaced stops: two walking at once would release batches hops early.
  const walkerOf = (chain: number) => {
    const walk = (): void => {
      if (line.chain !== chain) return;
      line.hop++;
      const { batches } = line;
      while (line.head < batches.length && batches[line.head]!.due <= line.hop) batches[line.head++]!.release();
      if (line.head < batches.length) {
        // A chain that never runs dry (a long replay) drops the released batches now and then.
        if (line.head > 1024 && line.head * 2 > batches.length) {
          line.batches = batches.slice(line.head);
          line.head = 0;
        }
        settled.then(walk);
        return;
      }
      line.walking = false;
      line.batches = [];
      line.head = 0;
    };
    return walk;
  };
  const startChain = (): void => {
    const chain = ++line.chain;
    line.walking = true;
    settled.then(walkerOf(chain));
    // A chain ends within the microtask checkpoint that started it, before any later task. The timer belongs to
    // the request that started the chain: a termination that aborts that request (a CPU limit) takes the timer
    // with it, and then `revive` does its work at the start of a later task.
    (realSetTimeout as (fn: () => void, ms: number) => unknown)(() => replaceIfLost(chain), 0);
  };
  /**
   * The lost-chain rule, for the check timer and `revive`, both at the start of a task: a chain (by default the
   * latest) still walking then lost its hops, and a new chain releases the batches still waiting.
   */
  const replaceIfLost = (chain = line.chain): void => {
    if (line.walking && line.chain === chain) startChain();
  };
  /** The batch a timer set now joins. */
  const batchDue = (due: number): Batch => {
    const last = line.batches[line.batches.length - 1];
    if (last !== undefined && line.head < line.batches.length && last.due === due) return last;
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const batch: Batch = { due, release, released };
    line.batches.push(batch);
    return batch;
  };

  const setTimeoutFast = (handler: unknown, delay?: unknown, ...args: unknown[]): unknown => {
    const ms = Number(delay ?? 0);
    if (typeof handler !== 'function' || ms >= 1) {
      return (realSetTimeout as (...a: unknown[]) => unknown)(handler, delay, ...args);
    }
    const fn = handler as TimerFn;
    // Released at the (MICROTASK_HOPS + 1)th hop from now and fired a reaction later: a chain under way moves at
    // least MICROTASK_HOPS + 1 hops first (one per hop of the shared chain, whose next hop may already be queued
    // ahead of it), as many as a chain of the timer's own let it move. The reaction is made now, in the caller's
    // async context.
    const timer = new ZeroDelayTimeout(args.length === 0 ? fn : () => fn(...args));
    void batchDue(line.hop + MICROTASK_HOPS + 1).released.then(() => timer.fire());
    if (!line.walking) startChain();
    return timer;
  };
  const clearTimeoutFast = (handle: unknown): void => {
    if (handle instanceof ZeroDelayTimeout) handle.close();
    else (realClearTimeout as (h: unknown) => void)(handle);
  };
  globalThis.setTimeout = setTimeoutFast as typeof globalThis.setTimeout;
  globalThis.clearTimeout = clearTimeoutFast as typeof globalThis.clearTimeout;
  g[INSTALLED] = { revive: () => replaceIfLost() };
}

/**
 * Call at the start of a task (a run object's construction, its alarm), never from a microtask. A chain ends
 * within the microtask checkpoint that started it, so one still walking when a task starts lost its hops: an
 * execution terminated mid-replay (a CPU limit) drops its microtasks and, with its request, the real timer that
 * would have replaced the chain. A new chain releases the timers still waiting, so replays of other runs in the
 * isolate that waited on them go on. Called anywhere else it costs at most one hop: the chain it replaces stops.
 * Does nothing until the timers are installed.
 */
export function reviveZeroDelayTimers(): void {
  (globalThis as typeof globalThis & Slot)[INSTALLED]?.revive();
}
