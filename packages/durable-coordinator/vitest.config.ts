import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// storage-d1's real migrations: the same files wrangler applies in production.
const migrationsDir = decodeURIComponent(new URL('../storage-d1/migrations', import.meta.url).pathname);

export default defineConfig({
  plugins: [
    cloudflareTest(async () => ({
      wrangler: { configPath: './test/wrangler.jsonc' },
      miniflare: { bindings: { TEST_MIGRATIONS: await readD1Migrations(migrationsDir) } },
    })),
  ],
  resolve: { conditions: ['wwc-source'] },
  // Tests run in the SSR environment: without this, sibling packages resolve to their (possibly stale) dist.
  ssr: { resolve: { conditions: ['wwc-source'] } },
  test: { include: ['test/**/*.test.ts'], setupFiles: ['./test/apply-migrations.ts'] },
});
