/**
 * Makes a World the one the DevKit runtime uses in this isolate, without importing the runtime.
 *
 * `@workflow/core` 4.8 resolves its World through two global slots (`runtime/world.js`: `getWorld()` reads
 * `Symbol.for('@workflow/world//cache')`, `getWorldHandlers()` reads `…//stubbedCache`); its own `setWorld(world)`
 * writes both. We write them directly because importing `workflow/runtime` to reach `setWorld` would evaluate
 * the step handler module first, and that module picks its World at import time — before we could set ours.
 * `test/worker-entry.test.ts` checks this against the pinned runtime.
 */
import type { World } from '@workflow/world';

const WORLD_CACHE = Symbol.for('@workflow/world//cache');
const STUBBED_WORLD_CACHE = Symbol.for('@workflow/world//stubbedCache');

type WorldSlots = { [WORLD_CACHE]?: World; [STUBBED_WORLD_CACHE]?: World };

/** Installs `world` as the DevKit's World for this isolate (what `setWorld` from `workflow/runtime` does). */
export function installWorld(world: World): void {
  const slots = globalThis as typeof globalThis & WorldSlots;
  slots[WORLD_CACHE] = world;
  slots[STUBBED_WORLD_CACHE] = world;
}

/** The World the DevKit would use now, if one was installed. */
export function installedWorld(): World | undefined {
  return (globalThis as typeof globalThis & WorldSlots)[WORLD_CACHE];
}
