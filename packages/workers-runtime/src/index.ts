/**
 * @module
 * Runtime half of running `@workflow/core` 4.8 workflows inside workerd. The build
 * (`@workflow-world-cloudflare/workers-runtime/build`) precompiles the DevKit's workflow bundle into a
 * module that calls {@link registerWorkflowBundle}; `node:vm` is aliased to
 * `@workflow-world-cloudflare/workers-runtime/vm`, which evaluates only registered bundles.
 */
export { createContext, isContext } from './context.js';
export { currentSandboxKey, keySandboxRandomness, setSandboxKeySource } from './keyed-random.js';
export {
  getWorkflowBundle,
  isWorkflowBundleKey,
  registeredWorkflowBundleKeys,
  registerWorkflowBundle,
  WORKFLOW_BUNDLE_KEY_PREFIX,
  type WorkflowBundleFactory,
  type WorkflowSandbox,
} from './registry.js';
export { COPIED_NAMESPACES, ECMASCRIPT_GLOBALS, IMMUTABLE_GLOBALS, SANDBOX_GLOBALS } from './sandbox-globals.js';
export { Script, type ScriptOptions } from './script.js';
export { registerSourceTable, type SourceTable, type SourceTableFunction } from './source-table.js';
export { runInContext, runInNewContext } from './vm.js';
