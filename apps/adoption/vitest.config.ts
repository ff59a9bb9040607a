import { defineConfig } from 'vitest/config';

// Node-side, one app at a time (2 cores, npm installs and wrangler dev); generous timeouts for a loaded machine.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    globalSetup: ['./test/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 900_000,
  },
});
