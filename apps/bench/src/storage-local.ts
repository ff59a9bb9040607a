/** Storage write path on the reference world: `@workflow/world-local` in this process, on the file system. */
import { createLocalWorld } from '@workflow/world-local';
import { type LifecycleTimings, runStepLifecycles } from './step-lifecycles.ts';

/** Runs the shared lifecycle workload against a fresh world-local data directory. */
export async function benchLocalStorage(dataDir: string, count: number, warmup: number): Promise<LifecycleTimings> {
  const world = createLocalWorld({ dataDir, recoverActiveRuns: false });
  await world.start?.();
  try {
    return await runStepLifecycles(world.events, { count, warmup, now: () => performance.now() });
  } finally {
    await world.close?.();
  }
}
