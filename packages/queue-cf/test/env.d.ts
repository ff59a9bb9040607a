declare namespace Cloudflare {
  interface Env {
    BUCKET: R2Bucket;
    WORKFLOW_QUEUE_COORDINATOR: DurableObjectNamespace<import('../src/index.js').WorkflowQueueObject>;
    RECORDER: DurableObjectNamespace<import('./recorder.js').Recorder>;
    WORKFLOW_QUEUE: Queue<import('../src/index.js').Envelope>;
    WORKFLOW_DLQ: Queue<import('../src/index.js').DeadLetter>;
    SELF_SERVICE: Fetcher;
    SIGNING_SECRET: string;
  }
}
