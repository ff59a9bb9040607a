import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // Runs inside workerd.
    entry: {
      index: 'src/index.ts',
      'worker/index': 'src/worker/index.ts',
      install: 'src/install.ts',
      vm: 'src/vm.ts',
      runtime: 'src/runtime.ts',
    },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    target: 'es2023',
    external: [/^cloudflare:/, /^@workflow-world-cloudflare\//, /^@workflow\//],
  },
  {
    // Node only: the build step, its CLI and the Vite plugin.
    entry: { 'build/index': 'src/build/index.ts', 'build/cli': 'src/build/cli.ts', vite: 'src/vite.ts' },
    format: ['esm'],
    dts: { entry: { 'build/index': 'src/build/index.ts', vite: 'src/vite.ts' } },
    sourcemap: true,
    target: 'node22',
    platform: 'node',
    external: [/^@workflow-world-cloudflare\//, /^@workflow\//],
  },
  {
    // Anywhere with fetch (Node, Bun, Deno, Workers): the remote World. CommonJS too, because the DevKit's CLI and
    // web UI load World modules with require(); core is bundled in so that CJS graph holds no ESM-only package
    // of ours (the DevKit's own packages stay shared with the loader).
    entry: { 'remote/index': 'src/remote/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    target: 'node22',
    platform: 'neutral',
    noExternal: [/^@workflow-world-cloudflare\//, 'devalue'],
    external: [/^@workflow\//],
  },
]);
