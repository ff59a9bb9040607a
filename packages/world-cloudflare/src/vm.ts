/**
 * @module
 * `workflow-world-cloudflare/vm`: the `node:vm` replacement a Worker aliases (`"alias": { "node:vm": … }`),
 * re-exported so an app depending only on this package resolves one copy of the bundle registry.
 */
export { createContext, isContext, runInContext, runInNewContext, Script, type ScriptOptions } from '@workflow-world-cloudflare/workers-runtime/vm';
export { default } from '@workflow-world-cloudflare/workers-runtime/vm';
