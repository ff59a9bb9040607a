/**
 * Stand-in for `undici` in the vitest pool only. @workflow/core's world.js imports the local and
 * Vercel worlds, which import undici's agents at module scope; they are never constructed here.
 * Vite's CommonJS shim cannot load undici's `require('node:console')` (wrangler's esbuild can).
 */
class Unused {
  constructor() {
    throw new Error('undici is stubbed in the workers-runtime tests');
  }
}
export const Agent = Unused;
export const DecoratorHandler = Unused;
export const RetryAgent = Unused;
