/// <reference types="@cloudflare/vitest-plugin/types" />
declare namespace Cloudflare {
  interface Env extends import('../src/env.js').Env {
    RECORDER: DurableObjectNamespace<import('./recorder.js').Recorder>;
    TEST_MIGRATIONS: import('@cloudflare/vitest-plugin').D1Migration[];
  }
}
