/**
 * The DevKit's reference world: `@workflow/world-local` 4.4.1 in this process, the way the DevKit runs it under
 * Node (files under `dataDir`, its queue delivering to the bench's loopback server).
 */
import { createLocalWorld } from '@workflow/world-local';
import { APP_DIR, devkitOutDir } from './bench-dirs.ts';
import { startNodeWorldDriver } from './node-world-driver.ts';
import type { TempDirs } from './temp-dirs.ts';
import type { WorkflowDriver } from './workflow-driver.ts';

/** Its files, and its DevKit build, go in directories of `temp`. */
export function startLocalDriver(temp: TempDirs): Promise<WorkflowDriver> {
  const dataDir = temp.make('bench-world-local-');
  return startNodeWorldDriver({
    name: 'world-local',
    outDir: devkitOutDir(temp),
    appDir: APP_DIR,
    createWorld: (baseUrl) => createLocalWorld({ dataDir, baseUrl, recoverActiveRuns: false }),
  });
}
