/**
 * Keeps the DevKit runtime's background work alive on Workers.
 *
 * `@workflow/core` 4.8 hands background promises (e.g. the final flush and close of a step's `getWritable()`
 * stream, after the step function returned) to `waitUntil` from `@vercel/functions`, which looks the function up
 * in a global request context (`Symbol.for('@vercel/request-context')`) and silently drops the promise when
 * there is none. On Workers a dropped promise is cancelled when the invocation ends, so the last stream chunks
 * and the close were lost. We provide that context with the Workers `waitUntil`, which extends the current
 * invocation (request, queue batch, or the fast path's own `waitUntil`).
 */
import { waitUntil } from 'cloudflare:workers';
import { noteStepBackground } from '@workflow-world-cloudflare/durable-coordinator';

const REQUEST_CONTEXT = Symbol.for('@vercel/request-context');

interface RequestContextSlot {
  [REQUEST_CONTEXT]?: { get(): { waitUntil?: (promise: Promise<unknown>) => void } };
}

/** Installs the context once per isolate; an existing one (another host shim) is left alone. */
export function installBackgroundWork(): void {
  const slot = globalThis as typeof globalThis & RequestContextSlot;
  // Inside a step the promise is the flush of its streams: the step's `step_completed` waits for it, so a chunk
  // that could not be stored fails the step instead of vanishing (see durable-coordinator's `settleStepWrites`).
  const keepAlive = (promise: Promise<unknown>): void => {
    noteStepBackground(promise);
    waitUntil(promise);
  };
  slot[REQUEST_CONTEXT] ??= { get: () => ({ waitUntil: keepAlive }) };
}
