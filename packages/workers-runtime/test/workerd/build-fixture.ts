import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { buildWorkflows } from '../../src/build/index.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Builds test/fixtures/app with the DevKit builder and hands the bundle key to the tests. */
export default async function setup(project: TestProject): Promise<void> {
  const result = await buildWorkflows({
    workingDir: here('../fixtures/app'),
    dirs: ['workflows'],
    outDir: '.generated',
    // Source files, so the generated bundle and the node:vm alias share the registry module with the tests.
    runtimeImport: here('../../src/index.ts'),
    vmImport: here('../../src/vm.ts'),
  });
  project.provide('fixture', { bundleKey: result.bundleKey, workflowIds: result.workflowIds });
}

declare module 'vitest' {
  export interface ProvidedContext {
    fixture: { bundleKey: string; workflowIds: string[] };
  }
}
