/**
 * `installWorld` writes the DevKit's world slots directly (see src/worker/install-world.ts). This checks the
 * protocol against the pinned `@workflow/core`: after installing, the runtime's own `getWorld()` and
 * `getWorldHandlers()` return our World — and they do so even though the runtime was imported afterwards.
 * Then the two defences against a DevKit default World: the placeholder, and the loud `WRONG_WORLD`.
 */
import type { World } from '@workflow/world';
import { beforeEach, describe, expect, it } from 'vitest';
import { installedWorld, installWorld, installWorldPlaceholder } from '../../src/worker/install-world.js';

const SLOTS = ['@workflow/world//cache', '@workflow/world//stubbedCache'].map((name) => Symbol.for(name));
const fakeWorld = (createQueueHandler = () => async () => new Response(null)) =>
  ({ specVersion: 3, createQueueHandler }) as unknown as World;

beforeEach(() => {
  for (const slot of SLOTS) delete (globalThis as Record<symbol, unknown>)[slot];
});

describe('installWorld', () => {
  it('is the World the DevKit runtime resolves (getWorld and getWorldHandlers)', async () => {
    const createQueueHandler = () => async () => new Response(null);
    const world = fakeWorld(createQueueHandler);
    installWorld(world);
    expect(installedWorld()).toBe(world);
    const runtime = await import('workflow/runtime');
    expect(runtime.getWorld()).toBe(world);
    expect(runtime.getWorldHandlers().createQueueHandler).toBe(createQueueHandler);
    expect(runtime.getWorldHandlers().specVersion).toBe(3);
  });

  it('replaces a previously installed World', async () => {
    const first = fakeWorld();
    const second = fakeWorld();
    installWorld(first);
    installWorld(second);
    expect((await import('workflow/runtime')).getWorld()).toBe(second);
  });

  it('hands the handlers registered on the placeholder to the real World, which then serves them', async () => {
    installWorldPlaceholder();
    expect(installedWorld()).toBeUndefined();
    const runtime = await import('workflow/runtime');
    // What the DevKit's step handler module does at import time.
    const { createQueueHandler } = runtime.getWorldHandlers();
    const http = createQueueHandler('__wkf_step_', async () => undefined);
    await expect(http(new Request('https://x/'))).rejects.toMatchObject({ code: 'WORLD_NOT_INSTALLED' });
    expect(() => runtime.getWorld().runs).toThrow(/before the Cloudflare World was installed/);

    const registered: string[] = [];
    const world = fakeWorld(((prefix: string) => {
      registered.push(prefix);
      return async () => new Response('served');
    }) as never);
    installWorld(world);
    expect(registered).toEqual(['__wkf_step_']);
    expect(await (await http(new Request('https://x/'))).text()).toBe('served');
    expect(runtime.getWorld()).toBe(world);
  });

  it('fails loudly, naming the cause and the fix, when the DevKit already created its own World', async () => {
    const runtime = await import('workflow/runtime');
    const foreign = fakeWorld();
    runtime.setWorld(foreign); // what getWorldHandlers() does on first use without our placeholder
    expect(() => installWorld(fakeWorld())).toThrow(
      expect.objectContaining({
        code: 'WRONG_WORLD',
        message: expect.stringMatching(/workflow\/api.*workflow-world-cloudflare build --entry/s),
      }),
    );
  });
});
