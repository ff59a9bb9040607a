declare namespace Cloudflare {
  interface Env {
    DB: D1Database;
    BUCKET: R2Bucket;
    WORKFLOW_RUN: DurableObjectNamespace<import('../src/index.js').WorkflowRunObject>;
    TEST_MIGRATIONS: import('cloudflare:test').D1Migration[];
  }
}
