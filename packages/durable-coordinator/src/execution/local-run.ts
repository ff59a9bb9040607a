/**
 * "This code runs inside run R's object": an async context set around every delivery the object executes.
 * The storage and the run queue look it up (`localPort(runId)`) and call the object in-process instead of
 * over RPC. Only calls for that same run are short-circuited; anything else (another run, an index read)
 * takes the normal path. Kept on `globalThis` so two copies of this module in one bundle still agree.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RunPort } from '../run-port.js';

export interface LocalRun {
  runId: string;
  port: RunPort;
}

const SLOT = Symbol.for('workflow-world-cloudflare/local-run');
type Slot = { [SLOT]?: AsyncLocalStorage<LocalRun> };

function storage(): AsyncLocalStorage<LocalRun> {
  const g = globalThis as typeof globalThis & Slot;
  g[SLOT] ??= new AsyncLocalStorage<LocalRun>();
  return g[SLOT];
}

/** Runs `fn` (and everything it starts) as code executing inside `run`'s object. */
export function withLocalRun<T>(run: LocalRun, fn: () => T): T {
  return storage().run(run, fn);
}

/** The in-process port of `runId`'s object when the caller runs inside that object, else `undefined`. */
export function localPort(runId: string): RunPort | undefined {
  const run = storage().getStore();
  return run?.runId === runId ? run.port : undefined;
}
