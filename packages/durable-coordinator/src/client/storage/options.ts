/** What `createDurableStorage` needs: the run objects, the D1 index, the payload offloader and the config. */
import type { WorldConfig } from '@workflow-world-cloudflare/core';
import type { PayloadOffloader } from '@workflow-world-cloudflare/blob-r2';
import type { WorkflowIndex } from '@workflow-world-cloudflare/storage-d1';
import type { WorkflowRunObject } from '../../object/workflow-run-object.js';
import type { ErrorSealer } from './sealed-errors.js';

export interface DurableStorageOptions {
  /** The `WORKFLOW_RUN` namespace; one object per run, addressed by `idFromName(runId)`. */
  runs: DurableObjectNamespace<WorkflowRunObject>;
  /** The D1 index (`createD1Index(env.DB)`), for cross-run reads. */
  index: WorkflowIndex;
  /** Moves payloads above the threshold to R2 before they reach the object, and resolves them on reads. */
  offloader: PayloadOffloader;
  /** The parsed World configuration (hook stamps come from it). */
  config: WorldConfig;
  /**
   * Merged into the `executionContext` of every run this storage creates (`run_created`): facts a run must keep
   * for its whole life, e.g. how its sandbox draws random values.
   */
  runExecutionContext?: Record<string, unknown>;
  /** Seals errors' texts at rest and opens them on reads (with encryption at rest; see `sealed-errors.ts`). */
  errorSealer?: ErrorSealer;
}
