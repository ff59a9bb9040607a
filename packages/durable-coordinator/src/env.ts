import type { WorldVars } from '@workflow-world-cloudflare/core';
import type { WorkflowStreamObject } from '@workflow-world-cloudflare/streamer-r2';

/**
 * The bindings `WorkflowRunObject` needs. The configuration vars are optional: `LARGE_DATA_THRESHOLD` (the
 * largest payload its HTTP routes accept), `DEPLOYMENT_ID` (the default of `POST /initialize`), `RUN_RETENTION`
 * (for run ends whose caller did not say: the HTTP routes).
 */
export interface WorkflowRunObjectEnv extends Pick<WorldVars, 'LARGE_DATA_THRESHOLD' | 'DEPLOYMENT_ID' | 'RUN_RETENTION'> {
  /** D1: the cross-run index the object keeps current through its outbox. */
  DB: D1Database;
  /** R2 (optional): message bodies above 100 KiB are kept there (`queue/<messageId>`) until delivered. */
  BUCKET?: R2Bucket;
  /** Queue producer (optional): messages of the run that ran out of attempts go there. */
  WORKFLOW_DLQ?: Queue<unknown>;
  /** The stream objects (optional): an expired run's streams are deleted through them. */
  WORKFLOW_STREAM?: DurableObjectNamespace<WorkflowStreamObject>;
  /** The KV read cache (optional): an expired run's cached entries are deleted from it. */
  CACHE?: KVNamespace;
}
