/**
 * Names the sandbox knows about. Shared by the build (which turns them into parameters of the
 * precompiled bundle) and the runtime (which fills a fresh context with them), so both agree on
 * what a workflow bundle can see.
 */

/**
 * Globals `@workflow/core` 4.8 installs on (or replaces in) its workflow context before it evaluates
 * the bundle. The precompiled bundle always takes these as parameters, so each run reads its own
 * seeded `Math.random`, fixed `Date`, deterministic `crypto` and throwing timers, never the isolate's.
 */
export const SANDBOX_GLOBALS = [
  'globalThis',
  'Math',
  'Date',
  'crypto',
  'process',
  'fetch',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'setImmediate',
  'clearImmediate',
  'Request',
  'Response',
  'ReadableStream',
  'WritableStream',
  'TransformStream',
  'Headers',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'DOMException',
  'structuredClone',
  'atob',
  'btoa',
  'console',
  'exports',
  'module',
] as const;

/**
 * ECMAScript built-ins a fresh `node:vm` context starts with. `createContext` copies those the host
 * has onto the sandbox; Web APIs are left out on purpose, as in node:vm, where core adds the few
 * it allows. `eval` is left out: bundles that reference it are refused at build time.
 */
export const ECMASCRIPT_GLOBALS = [
  'AggregateError',
  'Array',
  'ArrayBuffer',
  'Atomics',
  'BigInt',
  'BigInt64Array',
  'BigUint64Array',
  'Boolean',
  'DataView',
  'Date',
  'decodeURI',
  'decodeURIComponent',
  'encodeURI',
  'encodeURIComponent',
  'Error',
  'escape',
  'EvalError',
  'FinalizationRegistry',
  'Float16Array',
  'Float32Array',
  'Float64Array',
  'Function',
  'Int8Array',
  'Int16Array',
  'Int32Array',
  'Intl',
  'isFinite',
  'isNaN',
  'Iterator',
  'JSON',
  'Map',
  'Math',
  'Number',
  'Object',
  'parseFloat',
  'parseInt',
  'Promise',
  'Proxy',
  'RangeError',
  'ReferenceError',
  'Reflect',
  'RegExp',
  'Set',
  'SharedArrayBuffer',
  'String',
  'Symbol',
  'SyntaxError',
  'TypeError',
  'Uint8Array',
  'Uint8ClampedArray',
  'Uint16Array',
  'Uint32Array',
  'unescape',
  'URIError',
  'WeakMap',
  'WeakRef',
  'WeakSet',
  'WebAssembly',
] as const;

/**
 * Namespace objects each context gets its own shallow copy of. core assigns `Math.random` on the
 * context's `Math`; with one realm that would be the isolate's `Math`, shared by every concurrent
 * run. The others are copied so a workflow patching them stays inside its run.
 */
export const COPIED_NAMESPACES = ['Math', 'JSON', 'Reflect', 'Atomics', 'Intl'] as const;

/**
 * Value properties that are non-writable in every realm: never parameters, never copied.
 */
export const IMMUTABLE_GLOBALS = ['undefined', 'NaN', 'Infinity'] as const;
