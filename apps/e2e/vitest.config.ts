import { defineConfig } from 'vitest/config';

// Node-side: the tests talk HTTP to `wrangler dev`, which runs the example in real local workerd.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
