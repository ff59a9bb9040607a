/**
 * What each kind of Cloudflare binding looks like from JavaScript: methods every binding of that kind has.
 * Binding classes are not importable, so bindings are duck-typed; every binding check in the packages (the
 * umbrella's startup check, queue-cf's options, the queue object's env) reads this one table.
 */
export const BINDING_KINDS = {
  d1: ['prepare', 'batch'],
  r2: ['put', 'get', 'head', 'list', 'delete'],
  kv: ['get', 'put', 'delete'],
  queue: ['send', 'sendBatch'],
  durableObjectNamespace: ['idFromName', 'get'],
  fetcher: ['fetch'],
} as const satisfies Record<string, readonly string[]>;

export type BindingKind = keyof typeof BINDING_KINDS;

/** Whether `value` has every method of a `kind` binding. */
export function isBinding(value: unknown, kind: BindingKind): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function')) return false;
  const record = value as Record<string, unknown>;
  return BINDING_KINDS[kind].every((method) => typeof record[method] === 'function');
}
