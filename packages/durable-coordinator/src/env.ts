import type { WorldVars } from '@workflow-world-cloudflare/core';

/**
 * The bindings `WorkflowRunObject` needs. The configuration vars are optional and read only by its HTTP
 * routes (`LARGE_DATA_THRESHOLD`: the largest payload they accept; `DEPLOYMENT_ID`: the default of
 * `POST /initialize`).
 */
export interface WorkflowRunObjectEnv extends Pick<WorldVars, 'LARGE_DATA_THRESHOLD' | 'DEPLOYMENT_ID'> {
  /** D1: the cross-run index the object keeps current through its outbox. */
  DB: D1Database;
  /** R2 (optional): message bodies above 100 KiB are kept there (`queue/<messageId>`) until delivered. */
  BUCKET?: R2Bucket;
  /** Queue producer (optional): messages of the run that ran out of attempts go there. */
  WORKFLOW_DLQ?: Queue<unknown>;
}
