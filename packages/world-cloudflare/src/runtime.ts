/**
 * @module
 * `workflow-world-cloudflare/runtime`: the bundle registry the generated `workflows-bundle.js` registers into
 * (same copy as `workflow-world-cloudflare/vm`).
 */
export {
  COPIED_NAMESPACES,
  createContext,
  currentSandboxKey,
  ECMASCRIPT_GLOBALS,
  getWorkflowBundle,
  IMMUTABLE_GLOBALS,
  isContext,
  isWorkflowBundleKey,
  keySandboxRandomness,
  registeredWorkflowBundleKeys,
  registerSourceTable,
  registerWorkflowBundle,
  runInContext,
  runInNewContext,
  SANDBOX_GLOBALS,
  Script,
  type ScriptOptions,
  setSandboxKeySource,
  type SourceTable,
  type SourceTableFunction,
  WORKFLOW_BUNDLE_KEY_PREFIX,
  type WorkflowBundleFactory,
  type WorkflowSandbox,
} from '@workflow-world-cloudflare/workers-runtime';
