/**
 * The fast path: a message the coordinator has recorded (and leased to us) runs right here, in this isolate,
 * with no queue hop, its lease renewed while the handler runs. When the handler resolves, the result is
 * settled in the coordinator; `{ timeoutSeconds: 0 }` runs again here at once (attempt + 1). Anything this
 * loses (isolate gone, settle failed) the coordinator's lease expiry redelivers through the Cloudflare Queue.
 */
import { unwrapRpc } from '@workflow-world-cloudflare/core';
import { dispatch, type MessageHandler } from './dispatch.js';
import { withLeaseRenewal } from './lease-renewal.js';
import type { QueueRuntime } from './runtime.js';

export interface LocalRun {
  shard: string;
  messageId: string;
  queueName: string;
  body: string;
  bodyRef: string | null;
}

export async function runLocally(rt: QueueRuntime, run: LocalRun): Promise<void> {
  const stub = rt.coordinator(run.shard);
  // The lease the producer asked for in enqueue (and the coordinator reuses for local continuations).
  const leaseMs = rt.config.leaseSeconds * 1000;
  let attempt = 1;
  try {
    for (;;) {
      const delivery = { ...run, attempt };
      const outcome = await withLeaseRenewal(stub, delivery, leaseMs, () => dispatch(rt.config, rt.registry, delivery));
      const settled = unwrapRpc(
        await stub.settle({
          messageId: run.messageId,
          attempt,
          outcome: outcome.kind === 'later' ? { ...outcome, continueLocally: true } : outcome,
        }),
      );
      if (settled.status === 'continue') {
        attempt = settled.attempt;
        continue;
      }
      if (settled.status === 'acked' && settled.bodyRef !== null) await rt.config.bucket.delete(settled.bodyRef);
      return;
    }
  } catch (error) {
    // Not fatal: the lease on this delivery runs out and the coordinator sends it through the queue.
    console.error(`queue-cf: fast path for ${run.messageId} (attempt ${attempt}) failed; lease expiry will redeliver`, error);
  }
}

export type { MessageHandler };
