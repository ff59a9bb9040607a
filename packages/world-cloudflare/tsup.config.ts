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
]);
