/**
 * Events handed out in-process by a run object's event cache: already parsed with the DevKit's
 * `EventSchema` when they entered the cache, frozen, and known to hold (or not hold) blob refs. The storage's
 * hydrator skips re-parsing them and returns those without refs as they are, so a replay of a long run does
 * not re-validate its whole log every time. Anything not marked here (e.g. an RPC copy) is parsed as usual.
 */
import type { Event } from '@workflow/world';

const SLOT = Symbol.for('workflow-world-cloudflare/trusted-events');
type Slot = { [SLOT]?: WeakMap<Event, { hasRefs: boolean }> };

function marks(): WeakMap<Event, { hasRefs: boolean }> {
  const g = globalThis as typeof globalThis & Slot;
  g[SLOT] ??= new WeakMap();
  return g[SLOT];
}

export function markTrusted(event: Event, hasRefs: boolean): void {
  marks().set(event, { hasRefs });
}

/** `undefined` for an event that did not come from a cache in this isolate. */
export function trustedMark(event: Event): { hasRefs: boolean } | undefined {
  return marks().get(event);
}
