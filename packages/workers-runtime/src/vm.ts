/**
 * @module
 * Drop-in replacement for `node:vm` inside workerd, wired by the build with an alias
 * (`"node:vm": "@workflow-world-cloudflare/workers-runtime/vm"`). It implements what
 * `@workflow/core` 4.8 uses — `createContext`, `runInContext`, `Script` — for exactly the code
 * the build registered. No string is ever evaluated.
 */
import { createContext, isContext } from './context.js';
import type { WorkflowSandbox } from './registry.js';
import { Script, type ScriptOptions } from './script.js';

export { createContext, isContext, Script, type ScriptOptions };

/**
 * `vm.runInContext(code, context, options)`: `new Script(code, options).runInContext(context)`.
 *
 * @throws CloudflareWorldError `CODE_NOT_REGISTERED` for code the build did not register.
 */
export function runInContext(code: string, context: WorkflowSandbox, options?: ScriptOptions | string): unknown {
  return new Script(code, options).runInContext(context);
}

/** `vm.runInNewContext(code, sandbox, options)`. */
export function runInNewContext(code: string, sandbox?: WorkflowSandbox, options?: ScriptOptions | string): unknown {
  return new Script(code, options).runInNewContext(sandbox);
}

/** Default export for `import vm from 'node:vm'`. */
const vm = { createContext, isContext, runInContext, runInNewContext, Script };
export default vm;
