import { currentSandboxKey, keySandboxRandomness } from './keyed-random.js';
import type { WorkflowSandbox } from './registry.js';
import { COPIED_NAMESPACES, ECMASCRIPT_GLOBALS } from './sandbox-globals.js';

// Contexts made here, so `runInContext` can refuse plain objects the way node:vm does.
const contexts = new WeakSet<object>();

/** Own-property copy of a namespace object (`Math`, `JSON`, …), same prototype, same functions. */
function copyNamespace(source: object): object {
  return Object.create(Object.getPrototypeOf(source), Object.getOwnPropertyDescriptors(source));
}

function defineGlobal(sandbox: WorkflowSandbox, name: string, value: unknown): void {
  // Non-enumerable and writable, like real global bindings: core reassigns `Date`, `crypto`, …
  Object.defineProperty(sandbox, name, { value, writable: true, configurable: true, enumerable: false });
}

/**
 * `node:vm`'s `createContext` for workerd: turns `sandbox` (a fresh object by default) into the
 * global object of a workflow evaluation. It receives the ECMAScript built-ins the isolate has
 * (never overwriting the sandbox's own properties), its own copies of `Math`, `JSON`, `Reflect`,
 * `Atomics` and `Intl`, and `globalThis` pointing at itself. Nothing on the real global is changed,
 * so concurrent runs in one isolate cannot see each other's `Math.random` or `Date`.
 *
 * One realm, not a new one: `Object`, `Array`, `Promise`, … are the isolate's own.
 *
 * @example
 * ```ts
 * const ctx = createContext();
 * (ctx.Math as Math).random = seeded; // the isolate's Math.random is untouched
 * ```
 */
export function createContext(sandbox: WorkflowSandbox = {}): WorkflowSandbox {
  if (typeof sandbox !== 'object' || sandbox === null) {
    throw new TypeError('The "contextObject" argument must be an object');
  }
  if (contexts.has(sandbox)) return sandbox;
  const host = globalThis as unknown as Record<string, unknown>;
  for (const name of ECMASCRIPT_GLOBALS) {
    if (Object.hasOwn(sandbox, name) || !(name in host)) continue;
    defineGlobal(sandbox, name, host[name]);
  }
  for (const name of COPIED_NAMESPACES) {
    const value = sandbox[name];
    if (value !== host[name] || typeof value !== 'object' || value === null) continue;
    defineGlobal(sandbox, name, copyNamespace(value));
  }
  if (!Object.hasOwn(sandbox, 'globalThis')) defineGlobal(sandbox, 'globalThis', sandbox);
  // With a key for this context, the run's randomness cannot be computed from its public fields.
  const key = currentSandboxKey();
  if (key !== undefined) keySandboxRandomness(sandbox, key);
  contexts.add(sandbox);
  return sandbox;
}

/** True when `value` was returned by {@link createContext}. */
export function isContext(value: unknown): value is WorkflowSandbox {
  return typeof value === 'object' && value !== null && contexts.has(value);
}
