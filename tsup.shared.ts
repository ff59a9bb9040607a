/**
 * The one tsup setup of the Workers-side packages: ESM + .d.ts, ES2023, `cloudflare:*` left to the runtime.
 * Each package's `tsup.config.ts` names only its entries and extra externals.
 */
import { defineConfig, type Options } from 'tsup';

export function workersLibrary(entry: Options['entry'], extra: Partial<Pick<Options, 'external'>> = {}) {
  return defineConfig({
    entry,
    format: ['esm'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'es2023',
    external: [/^cloudflare:/, ...(extra.external ?? [])],
  });
}
