import { cloudflareTest } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  plugins: [cloudflareTest({ wrangler: { configPath: './test/wrangler.jsonc' } })],
  resolve: { conditions: ['wwc-source'] },
  // Tests run in the SSR environment: without this, sibling packages resolve to their (possibly stale) dist.
  ssr: { resolve: { conditions: ['wwc-source'] } },
  // Generous per-test time: CI machines are shared, and some tests move megabytes through local R2 / SQLite.
  test: { testTimeout: 60_000, hookTimeout: 120_000, include: ['test/**/*.test.ts'] },
});
