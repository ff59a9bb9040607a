/** Deep replacement of `BlobRef`s inside arbitrary values. */
import { type BlobRef, isBlobRef } from '@workflow-world-cloudflare/core';

/** Plain objects and arrays are walked; anything else (bytes, dates, class instances) is a leaf. */
function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function collect(value: unknown, into: Map<string, BlobRef>): void {
  if (isBlobRef(value)) {
    into.set(value.$blob, value);
  } else if (Array.isArray(value)) {
    for (const item of value) collect(item, into);
  } else if (isPlainObject(value)) {
    for (const item of Object.values(value)) collect(item, into);
  }
}

function replace(value: unknown, swap: (ref: BlobRef) => unknown): unknown {
  if (isBlobRef(value)) return swap(value);
  if (Array.isArray(value)) {
    const items = value.map((item) => replace(item, swap));
    return items.every((item, i) => item === value[i]) ? value : items;
  }
  if (isPlainObject(value)) {
    let changed = false;
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = replace(v, swap);
      changed ||= out[k] !== v;
    }
    return changed ? out : value;
  }
  return value;
}

/**
 * Replaces every `BlobRef` anywhere in `value` by `swap(ref)`, at once (return `ref` to keep it). Containers
 * without a replaced ref are returned as they are (same identity); the input is never mutated.
 */
export function swapBlobRefs<T>(value: T, swap: (ref: BlobRef) => unknown): T {
  return replace(value, swap) as T;
}

/**
 * Replaces every `BlobRef` anywhere in `value` by `load(ref)`, loading distinct refs in parallel. Containers
 * without refs are returned as they are (same identity); the input is never mutated.
 */
export async function mapBlobRefs<T>(value: T, load: (ref: BlobRef) => Promise<unknown>): Promise<T> {
  const refs = new Map<string, BlobRef>();
  collect(value, refs);
  if (refs.size === 0) return value;
  const entries = await Promise.all([...refs].map(async ([key, ref]) => [key, await load(ref)] as const));
  const resolved = new Map(entries);
  return replace(value, (ref) => resolved.get(ref.$blob)) as T;
}
