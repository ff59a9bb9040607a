/**
 * "This code runs inside run R's object": an async context set around every delivery the object executes.
 * The storage and the run queue look it up (`localPort(runId)`) and call the object in-process instead of
 * over RPC. Only calls for that same run are short-circuited; anything else (another run, an index read)
 * takes the normal path.
 */
import type { RunPort } from './run-port.js';
import { sharedAsyncContext } from './shared-context.js';

export interface LocalRun {
  runId: string;
  port: RunPort;
  /** The run's `executionContext` as stored (synchronous: the object has the run in memory). */
  executionContext(): Record<string, unknown> | undefined;
}

const context = sharedAsyncContext<LocalRun>('local-run');

/** Runs `fn` (and everything it starts) as code executing inside `run`'s object. */
export function withLocalRun<T>(run: LocalRun, fn: () => T): T {
  return context.run(run, fn);
}

/** The `executionContext` of the run whose object the caller executes in, or `undefined` outside one. */
export function localRunExecutionContext(): Record<string, unknown> | undefined {
  return context.getStore()?.executionContext();
}

/** The in-process port of `runId`'s object when the caller runs inside that object, else `undefined`. */
export function localPort(runId: string): RunPort | undefined {
  const run = context.getStore();
  return run?.runId === runId ? run.port : undefined;
}
