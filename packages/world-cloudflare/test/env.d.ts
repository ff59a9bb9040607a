/// <reference types="@cloudflare/vitest-plugin/types" />
declare namespace Cloudflare {
  type WorldEnv = import('../src/env.js').Env;
  interface Env extends WorldEnv {
    CACHE: KVNamespace;
    RECORDER: DurableObjectNamespace<import('./recorder.js').Recorder>;
    TEST_MIGRATIONS: import('@cloudflare/vitest-plugin').D1Migration[];
  }
}
