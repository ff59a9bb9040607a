import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { STORAGE_D1_MIGRATIONS_DIR } from '@workflow-world-cloudflare/storage-d1/migrations-dir';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './test/wrangler.jsonc' },
      // storage-d1's real migrations: the same files wrangler applies in production.
      miniflare: { bindings: { TEST_MIGRATIONS: await readD1Migrations(STORAGE_D1_MIGRATIONS_DIR) } },
    })),
  ],
  resolve: { conditions: ['wwc-source'] },
  // Tests run in the SSR environment: without this, sibling packages resolve to their (possibly stale) dist.
  ssr: { resolve: { conditions: ['wwc-source'] } },
  // Generous per-test time: CI machines are shared, and some tests move megabytes through local R2 / SQLite.
  test: { testTimeout: 60_000, hookTimeout: 120_000, include: ['test/**/*.test.ts'], setupFiles: ['./test/apply-migrations.ts'] },
});
