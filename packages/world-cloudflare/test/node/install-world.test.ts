/**
 * `installWorld` writes the DevKit's world slots directly (see src/worker/install-world.ts). This checks the
 * protocol against the pinned `@workflow/core`: after installing, the runtime's own `getWorld()` and
 * `getWorldHandlers()` return our World — and they do so even though the runtime was imported afterwards.
 */
import type { World } from '@workflow/world';
import { describe, expect, it } from 'vitest';
import { installedWorld, installWorld } from '../../src/worker/install-world.js';

describe('installWorld', () => {
  it('is the World the DevKit runtime resolves (getWorld and getWorldHandlers)', async () => {
    const createQueueHandler = () => async () => new Response(null);
    const world = { specVersion: 3, createQueueHandler } as unknown as World;
    installWorld(world);
    expect(installedWorld()).toBe(world);
    const runtime = await import('workflow/runtime');
    expect(runtime.getWorld()).toBe(world);
    expect(runtime.getWorldHandlers().createQueueHandler).toBe(createQueueHandler);
    expect(runtime.getWorldHandlers().specVersion).toBe(3);
  });

  it('replaces a previously installed World', async () => {
    const first = { specVersion: 3 } as unknown as World;
    const second = { specVersion: 3 } as unknown as World;
    installWorld(first);
    installWorld(second);
    expect((await import('workflow/runtime')).getWorld()).toBe(second);
  });
});
