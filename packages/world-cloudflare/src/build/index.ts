/**
 * @module
 * `workflow-world-cloudflare/build` (Node only): `buildWorkflows` with this package's import specifiers, so
 * the generated bundle and the `node:vm` alias resolve through `workflow-world-cloudflare` to one registry.
 */
import {
  type BuildWorkflowsOptions,
  type BuildWorkflowsResult,
  buildWorkflows as buildWithRuntime,
} from '@workflow-world-cloudflare/workers-runtime/build';

export const RUNTIME_IMPORT = 'workflow-world-cloudflare/runtime';
export const VM_IMPORT = 'workflow-world-cloudflare/vm';
/** Imported first by the generated `worker.js`: installs this World before any DevKit module evaluates. */
export const INSTALL_IMPORT = 'workflow-world-cloudflare/install';

export type { BuildWorkflowsOptions, BuildWorkflowsResult };
export { type CopyMigrationsResult, copyMigrations, migrationsDir } from './copy-migrations.js';
export { WorkflowBuildError, type WorkflowBuildErrorCode } from '@workflow-world-cloudflare/workers-runtime/build';

/**
 * Builds a DevKit app for Workers (see `@workflow-world-cloudflare/workers-runtime/build`).
 *
 * @example
 * ```ts
 * await buildWorkflows({ workingDir: process.cwd(), dirs: ['src/workflows'], entry: 'src/index.ts', outDir: '.workflow-cloudflare' });
 * ```
 */
export function buildWorkflows(options: BuildWorkflowsOptions): Promise<BuildWorkflowsResult> {
  return buildWithRuntime({ runtimeImport: RUNTIME_IMPORT, vmImport: VM_IMPORT, installImport: INSTALL_IMPORT, ...options });
}
