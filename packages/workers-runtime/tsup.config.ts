import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // Runtime: runs inside workerd.
    entry: { index: 'src/index.ts', vm: 'src/vm.ts' },
    format: ['esm'],
    dts: true,
    sourcemap: true,
    target: 'es2023',
    platform: 'neutral',
    external: [/^cloudflare:/, /^@workflow-world-cloudflare\//],
  },
  {
    // Build: Node only (esbuild, SWC, the file system).
    entry: { 'build/index': 'src/build/index.ts', 'build/cli': 'src/build/cli.ts' },
    format: ['esm'],
    dts: { entry: { 'build/index': 'src/build/index.ts' } },
    sourcemap: true,
    target: 'node22',
    platform: 'node',
    external: [/^@workflow\//, /^@workflow-world-cloudflare\//, /^@jridgewell\//, 'acorn', 'esbuild', 'periscopic'],
  },
]);
