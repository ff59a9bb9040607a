/**
 * `createRunQueue`: `queue()` for messages that belong to a run (workflow wakes, step invocations). Each goes
 * into its run object's inbox, and that object delivers it. From inside the run's own replay this is an
 * in-process call; from anywhere else one RPC, or none when the message rides in its run's `run_created` call
 * (`start()`'s first wake: see `run-starts.ts`). Bodies above 100 KiB wait in R2 (`queue/<messageId>`).
 */
import { newMessageId } from '@workflow-world-cloudflare/core';
import { INLINE_BODY_LIMIT_BYTES, type QueueCall, spillBody } from '@workflow-world-cloudflare/queue-cf';
import type { MessageId } from '@workflow/world';
import { type EnqueueCall, isPlainWakePayload as isPlainWake } from '../enqueue-call.js';
import { rideRunStart } from './run-starts.js';
import { takeWoken } from '../step-invocation.js';
import { runStub, unwrap } from './storage/run-stub.js';
import type { WorkflowRunObject } from '../object/workflow-run-object.js';

export interface RunQueueOptions {
  /** The `WORKFLOW_RUN` namespace. */
  runs: DurableObjectNamespace<WorkflowRunObject>;
  /** R2 for bodies above 100 KiB; without it such a message fails with `BINDING_MISSING`. */
  bucket?: R2Bucket;
  /** Stamped on messages whose call names no deployment. */
  deploymentId: string;
}

export interface RunQueue {
  /** Records `call` in run `runId`'s inbox; a pending message with the same idempotency key is returned instead. */
  enqueue(runId: string, call: QueueCall): Promise<{ messageId: MessageId }>;
}

/**
 * @example
 * ```ts
 * const runQueue = createRunQueue({ runs: env.WORKFLOW_RUN, bucket: env.BUCKET, deploymentId: 'dpl_1' });
 * const call = parseQueueCall('__wkf_workflow_wf', { runId }, {});
 * await runQueue.enqueue(runId, call);
 * ```
 */
export function createRunQueue(opts: RunQueueOptions): RunQueue {
  return {
    async enqueue(runId, call) {
      // The wake a step handler sends after its step ended: the run's object queued it with the event already.
      if (isPlainWake(call.payload)) {
        const queued = takeWoken(runId);
        if (queued !== undefined) return { messageId: queued as MessageId };
      }
      const messageId = newMessageId();
      let bodyRef: string | null = null;
      if (call.bodySize > INLINE_BODY_LIMIT_BYTES) {
        if (!opts.bucket) throw new Error(`Message of ${call.bodySize} bytes for run ${runId} needs the BUCKET binding`);
        bodyRef = await spillBody(opts.bucket, messageId, call.body);
      }
      const enqueueCall: EnqueueCall = {
        runId,
        messageId,
        queueName: call.queueName,
        body: bodyRef === null ? call.body : null,
        bodyRef,
        bodySize: call.bodySize,
        headers: call.headers,
        deploymentId: call.deploymentId ?? opts.deploymentId,
        idempotencyKey: call.idempotencyKey,
        delayMs: call.delayMs,
      };
      // `start()`'s first wake rides in its run's `run_created` call, when that call has not left yet.
      const rode = await rideRunStart(opts.runs, enqueueCall);
      const outcome = rode ?? unwrap(await runStub(opts, runId).enqueue(enqueueCall));
      if (!outcome.created && bodyRef !== null) await opts.bucket?.delete(bodyRef);
      return { messageId: outcome.messageId as MessageId };
    },
  };
}
