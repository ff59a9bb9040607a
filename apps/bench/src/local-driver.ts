/**
 * The DevKit's reference world: `@workflow/world-local` 4.4.1 in this process, the way the DevKit runs it under
 * Node (files under `dataDir`, its queue delivering to the bench's loopback server).
 */
import { createLocalWorld } from '@workflow/world-local';
import { startNodeWorldDriver } from './node-world-driver.ts';
import type { WorkflowDriver } from './workflow-driver.ts';

export function startLocalDriver(options: { dataDir: string; outDir: string; appDir: string }): Promise<WorkflowDriver> {
  return startNodeWorldDriver({
    name: 'world-local',
    outDir: options.outDir,
    appDir: options.appDir,
    createWorld: (baseUrl) => createLocalWorld({ dataDir: options.dataDir, baseUrl, recoverActiveRuns: false }),
  });
}
