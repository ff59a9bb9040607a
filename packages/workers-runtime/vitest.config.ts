import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));
// runWorkflow is not in @workflow/core's exports map; the workerd tests reach it by file path.
const workflowCoreDist = dirname(createRequire(import.meta.url).resolve('@workflow/core'));

export default defineConfig({
  test: {
    projects: [
      {
        // The compiler: plain Node, no fixture build.
        resolve: { conditions: ['wwc-source'] },
        test: { name: 'node', environment: 'node', testTimeout: 60_000, hookTimeout: 120_000, include: ['test/node/**/*.test.ts'] },
      },
      {
        plugins: [cloudflareTest({ wrangler: { configPath: './test/wrangler.jsonc' } })],
        resolve: {
          conditions: ['wwc-source'],
          // What the wrangler alias does for a deployed Worker.
          alias: {
            'node:vm': here('src/vm.ts'),
            'wwc-test:workflow-core': join(workflowCoreDist, 'workflow.js'),
            'wwc-test:fixture-bundle': here('test/fixtures/app/.generated/workflows-bundle.js'),
            undici: here('test/workerd/undici-stub.ts'),
          },
        },
        // Generous per-test time: CI machines are shared; some tests build bundles or move megabytes.
        test: {
          name: 'workerd',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          include: ['test/workerd/**/*.test.ts'],
          // Builds the fixture app with the real DevKit builder (in Node) before any test runs.
          globalSetup: ['test/workerd/build-fixture.ts'],
        },
      },
    ],
  },
});
