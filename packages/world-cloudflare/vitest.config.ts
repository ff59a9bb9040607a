import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { STORAGE_D1_MIGRATIONS_DIR } from '@workflow-world-cloudflare/storage-d1/migrations-dir';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        // Node: checks against the pinned DevKit runtime that need no Workers runtime.
        resolve: { conditions: ['wwc-source'] },
        test: { name: 'node', environment: 'node', testTimeout: 60_000, hookTimeout: 120_000, include: ['test/node/**/*.test.ts'] },
      },
      {
        plugins: [
          cloudflareTest(async () => ({
            wrangler: { configPath: './test/wrangler.jsonc' },
            miniflare: { bindings: { TEST_MIGRATIONS: await readD1Migrations(STORAGE_D1_MIGRATIONS_DIR) } },
          })),
        ],
        resolve: { conditions: ['wwc-source'] },
        // Tests run in the SSR environment: without this, sibling packages resolve to their (possibly stale) dist.
        ssr: { resolve: { conditions: ['wwc-source'] } },
        // Generous per-test time: CI machines are shared; some tests build bundles or move megabytes.
        test: {
          name: 'workerd',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          include: ['test/**/*.test.ts'],
          exclude: ['test/node/**'],
          setupFiles: ['./test/apply-migrations.ts'],
        },
      },
    ],
  },
});
