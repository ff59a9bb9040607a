/**
 * Makes a World the one the DevKit runtime uses in this isolate, without importing the runtime.
 *
 * `@workflow/core` 4.8 resolves its World through two global slots (`runtime/world.js`: `getWorld()` reads
 * `Symbol.for('@workflow/world//cache')`, `getWorldHandlers()` reads `…//stubbedCache`); its own `setWorld(world)`
 * writes both. We write them directly because importing `workflow/runtime` to reach `setWorld` would evaluate
 * the step handler module first, and that module picks its World at import time — before we could set ours.
 * `test/node/install-world.test.ts` checks this against the pinned runtime.
 *
 * The trap: a Worker whose route code has `import { start } from 'workflow/api'` at the top evaluates that
 * step handler module at start-up, and the DevKit then creates its default World (world-local) and registers
 * its step handler there. Runs then stop at `step_created`. Two defences:
 * - `installWorldPlaceholder()` (run by `workflow-world-cloudflare/install`, which the build puts first in the
 *   Worker entry) fills the slots with a stand-in before any DevKit module runs; the handlers the DevKit
 *   registers on it are handed to the real World by `installWorld`.
 * - `installWorld` refuses, with `WRONG_WORLD` naming the cause and the fix, when the DevKit already created
 *   another World: failing loudly beats a run that stalls for minutes.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { SPEC_VERSION_CURRENT, type World } from '@workflow/world';

const WORLD_CACHE = Symbol.for('@workflow/world//cache');
const STUBBED_WORLD_CACHE = Symbol.for('@workflow/world//stubbedCache');
/** Worlds put in the slots by this module (a global, so two copies of the package agree). */
const OURS = Symbol.for('workflow-world-cloudflare//installed-worlds');

type QueueHandler = ReturnType<World['createQueueHandler']>;
type WorldSlots = { [WORLD_CACHE]?: World; [STUBBED_WORLD_CACHE]?: World; [OURS]?: WeakSet<object> };

interface PendingHandler {
  prefix: Parameters<World['createQueueHandler']>[0];
  handler: Parameters<World['createQueueHandler']>[1];
  registered?: QueueHandler;
}

const slots = () => globalThis as typeof globalThis & WorldSlots;
const ours = (): WeakSet<object> => (slots()[OURS] ??= new WeakSet());

/** The fix, spelled out in every error about the World's installation. */
const HOW_TO_FIX =
  'Build the Worker with `workflow-world-cloudflare build --entry <your entry>` and point wrangler\'s "main" at ' +
  '`.workflow-cloudflare/worker.js` (or add `workflowWorldCloudflare()` from `workflow-world-cloudflare/vite` to ' +
  "your Vite plugins); without the build, make `import 'workflow-world-cloudflare/install'` the first import of " +
  'your Worker entry.';

const PLACEHOLDER = Symbol('workflow-world-cloudflare placeholder');

function createPlaceholder(): World & { [PLACEHOLDER]: PendingHandler[] } {
  const pending: PendingHandler[] = [];
  const target = {
    [PLACEHOLDER]: pending,
    specVersion: SPEC_VERSION_CURRENT,
    // The DevKit's step handler module calls this at import time; the handler is registered on the real World
    // by installWorld, and the HTTP handler returned here forwards to what that registration returned.
    createQueueHandler(prefix: PendingHandler['prefix'], handler: PendingHandler['handler']): QueueHandler {
      const entry: PendingHandler = { prefix, handler };
      pending.push(entry);
      return (async (...args: Parameters<QueueHandler>) => {
        if (!entry.registered) throw notInstalled('a workflow delivery arrived');
        return entry.registered(...args);
      }) as QueueHandler;
    },
  };
  return new Proxy(target, {
    get(object, key, receiver) {
      if (key in object || typeof key === 'symbol' || key === 'then') return Reflect.get(object, key, receiver);
      throw notInstalled(`the DevKit asked for world.${String(key)}`);
    },
  }) as unknown as World & { [PLACEHOLDER]: PendingHandler[] };
}

function notInstalled(what: string): CloudflareWorldError {
  return new CloudflareWorldError(
    'WORLD_NOT_INSTALLED',
    `workflow-world-cloudflare: ${what} before the Cloudflare World was installed. Call start(), getRun(), ` +
      'resumeHook() … inside requests served by createWorkflowWorker (its fetch option), never at global scope.',
  );
}

function pendingOf(world: World | undefined): PendingHandler[] | undefined {
  return world ? (world as Partial<Record<typeof PLACEHOLDER, PendingHandler[]>>)[PLACEHOLDER] : undefined;
}

/**
 * Fills the DevKit's World slots with a stand-in, unless something is there already. Run at Worker start-up
 * by `workflow-world-cloudflare/install`, before any DevKit module evaluates, so the DevKit never creates its
 * default World.
 */
export function installWorldPlaceholder(): void {
  const global = slots();
  if (global[WORLD_CACHE] || global[STUBBED_WORLD_CACHE]) return;
  const placeholder = createPlaceholder();
  ours().add(placeholder);
  global[WORLD_CACHE] = placeholder;
  global[STUBBED_WORLD_CACHE] = placeholder;
}

/**
 * Installs `world` as the DevKit's World for this isolate (what `setWorld` from `workflow/runtime` does), and
 * hands it the queue handlers the DevKit registered on the placeholder.
 *
 * @throws CloudflareWorldError `WRONG_WORLD` when the DevKit already created a World of its own (its handlers
 *   are registered there, so runs would stall): the message names the cause and the fix.
 */
export function installWorld(world: World): void {
  const global = slots();
  for (const current of [global[STUBBED_WORLD_CACHE], global[WORLD_CACHE]]) {
    if (current === undefined || current === world || ours().has(current)) continue;
    throw new CloudflareWorldError(
      'WRONG_WORLD',
      'workflow-world-cloudflare: the Workflow DevKit created its own default World (from WORKFLOW_TARGET_WORLD, ' +
        'normally @workflow/world-local) before this Worker installed the Cloudflare World, and registered its step ' +
        'handler on it: runs would stop at step_created. Cause: a DevKit runtime module (e.g. `workflow/api`, ' +
        '`workflow/runtime`) was evaluated first — typically a top-level `import { start } from "workflow/api"` in a ' +
        `Worker entry that did not go through the build. ${HOW_TO_FIX}`,
    );
  }
  for (const entry of pendingOf(global[STUBBED_WORLD_CACHE]) ?? []) {
    entry.registered ??= world.createQueueHandler(entry.prefix, entry.handler);
  }
  ours().add(world);
  global[WORLD_CACHE] = world;
  global[STUBBED_WORLD_CACHE] = world;
}

/** The World the DevKit would use now, if one was installed (the placeholder does not count). */
export function installedWorld(): World | undefined {
  const world = slots()[WORLD_CACHE];
  return pendingOf(world) ? undefined : world;
}
