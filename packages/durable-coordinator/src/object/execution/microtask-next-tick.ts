/**
 * `process.nextTick` as one promise reaction instead of a `queueMicrotask`.
 *
 * workerd's `process.nextTick` is `queueMicrotask(() => cb(...args))` (its own source says it only approximates
 * Node's nextTick queue). `@workflow/core` 4.8's `EventsConsumer.subscribe` calls it once per step on every
 * replay, so the replay of a run with N finished steps pays N of them, and a `queueMicrotask` costs ~5 µs in
 * workerd against ~0.15 µs for a reaction on a settled promise (see zero-delay-timers.ts). Over one seq(400) run
 * the two frames took ~7 % of the isolate's CPU.
 *
 * What is kept: the callback runs as one microtask, queued at the same place in the one microtask queue as
 * workerd's would be (a reaction on a settled promise is queued at once, like `queueMicrotask`), in the async
 * context it was queued in, with its arguments; a callback that throws is reported as an uncaught exception
 * through `queueMicrotask`, as before, not as a rejected promise. Installed once per isolate, by the run objects
 * before they execute a replay, next to the zero-delay timers.
 */
import { reportUncaught } from './report-uncaught.js';

type TickFn = (...args: unknown[]) => void;

const INSTALLED = Symbol.for('workflow-world-cloudflare/microtask-next-tick');

/** Replaces `process.nextTick` with a reaction on a settled promise. Idempotent; a no-op without `process`. */
export function installMicrotaskNextTick(): void {
  const proc = (globalThis as { process?: { nextTick?: unknown } & { [INSTALLED]?: true } }).process;
  if (!proc || typeof proc.nextTick !== 'function' || proc[INSTALLED]) return;
  proc[INSTALLED] = true;
  const settled = Promise.resolve();
  proc.nextTick = (callback: TickFn, ...args: unknown[]): void => {
    settled.then(() => {
      try {
        callback(...args);
      } catch (error) {
        reportUncaught(error);
      }
    });
  };
}
