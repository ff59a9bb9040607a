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

const REQUEST_CONTEXT = Symbol.for('@vercel/request-context');

interface RequestContextSlot {
  [REQUEST_CONTEXT]?: { get(): { waitUntil?: (promise: Promise<unknown>) => void } };
}

/** Installs the context once per isolate; an existing one (another host shim) is left alone. */
export function installBackgroundWork(): void {
  const slot = globalThis as typeof globalThis & RequestContextSlot;
  slot[REQUEST_CONTEXT] ??= { get: () => ({ waitUntil }) };
}
