/** The Worker environment the whole World runs on: bindings (names fixed, see the README) and config vars. */
import type { WorldVars } from '@workflow-world-cloudflare/core';
import type { EncryptionKeyVars } from './encryption-keys.js';
import type { WorldApiVars } from './worker/world-api-auth.js';
import type { WorkflowRunObject } from '@workflow-world-cloudflare/durable-coordinator';
import type { DeadLetter, Envelope, WorkflowQueueObject } from '@workflow-world-cloudflare/queue-cf';
import type { WorkflowStreamObject } from '@workflow-world-cloudflare/streamer-r2';

export interface Env extends WorldVars, EncryptionKeyVars, WorldApiVars {
  /** D1: the cross-run index. Migrations: `@workflow-world-cloudflare/storage-d1/migrations`. */
  DB: D1Database;
  /** R2: large payloads, spilled queue bodies and stream chunks. */
  BUCKET: R2Bucket;
  /** KV (optional): read cache of terminal runs and finished steps. */
  CACHE?: KVNamespace;
  /** Queue producer for deliveries (`workflow-queue`); this Worker is its consumer. */
  WORKFLOW_QUEUE: Queue<Envelope>;
  /** Queue producer for the dead-letter queue (`workflow-dlq`). */
  WORKFLOW_DLQ: Queue<DeadLetter>;
  /** One `WorkflowRunObject` per run. */
  WORKFLOW_RUN: DurableObjectNamespace<WorkflowRunObject>;
  /** One `WorkflowStreamObject` per stream. */
  WORKFLOW_STREAM: DurableObjectNamespace<WorkflowStreamObject>;
  /** `WorkflowQueueObject`s: message records, delays, leases, redelivery. */
  WORKFLOW_QUEUE_COORDINATOR: DurableObjectNamespace<WorkflowQueueObject>;
  /** Secret (`wrangler secret put WORKFLOW_SIGNING_SECRET`, >= 16 chars) that signs flow/step HTTP deliveries. */
  WORKFLOW_SIGNING_SECRET?: string;
}
