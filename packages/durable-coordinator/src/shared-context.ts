/**
 * An `AsyncLocalStorage` kept on `globalThis` under a well-known name, so two copies of this package in one
 * bundle (source and dist, two versions) share one context instead of silently missing each other.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export function sharedAsyncContext<T>(name: string): AsyncLocalStorage<T> {
  const slot = Symbol.for(`workflow-world-cloudflare/${name}`);
  const g = globalThis as typeof globalThis & Record<symbol, AsyncLocalStorage<T> | undefined>;
  g[slot] ??= new AsyncLocalStorage<T>();
  return g[slot];
}
