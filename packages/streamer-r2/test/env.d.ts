declare namespace Cloudflare {
  interface Env {
    BUCKET: R2Bucket;
    WORKFLOW_STREAM: DurableObjectNamespace<import('../src/index.js').WorkflowStreamObject>;
  }
}
