import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { STORAGE_D1_MIGRATIONS_DIR } from '@workflow-world-cloudflare/storage-d1/migrations-dir';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './test/wrangler.jsonc' },
      miniflare: { bindings: { TEST_MIGRATIONS: await readD1Migrations(STORAGE_D1_MIGRATIONS_DIR) } },
    })),
  ],
  resolve: { conditions: ['wwc-source'] },
  ssr: { resolve: { conditions: ['wwc-source'] } },
  test: { include: ['test/**/*.test.ts'], setupFiles: ['./test/apply-migrations.ts'] },
});
