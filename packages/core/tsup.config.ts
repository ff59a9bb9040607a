import { defineConfig } from 'tsup';

export default defineConfig({
  // `testing` is its own entry (the `./testing` subpath) so the main entry never pulls in vitest.
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts' },
  format: ['esm'],
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2023',
  // vitest is an optional peer of `./testing`: the suite registers tests in the caller's vitest.
  external: [/^cloudflare:/, 'vitest'],
});
