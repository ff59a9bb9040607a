/**
 * @module
 * Build half (Node only): turns a DevKit app into Worker-ready modules. `buildWorkflows` runs the
 * DevKit builder and precompiles its workflow bundle; the lower-level pieces are exported for tools
 * that drive the DevKit builder themselves.
 */
export { buildWorkflows, type BuildWorkflowsOptions, type BuildWorkflowsResult, workflowNames } from './build-workflows.js';
export {
  bundleParameters,
  type CompiledWorkflowBundle,
  type CompileOptions,
  compileWorkflowBundle,
  DEFAULT_RUNTIME_IMPORT,
  workflowBundleKey,
} from './compile.js';
export { WorkflowBuildError, type WorkflowBuildErrorCode } from './errors.js';
export { type BuildCliDefaults, buildUsage, runBuildCli } from './run-build-cli.js';
export { type FlowFile, readFlowFile } from './flow-file.js';
export { analyzeBundleScope, type BundleScope } from './scope.js';
export { stripInlineSourceMap } from './source-map.js';
export { buildClientEntry, type ClientEntryOptions } from './client-entry.js';
export { buildSourceTable, readInlineSourceMap, type SourceTableOptions } from './source-table.js';
