/**
 * Keeps a running delivery's lease alive. The coordinator redelivers a message whose lease ran out, so a
 * handler that legitimately runs longer than the lease (an LLM call, a big export) would otherwise run twice
 * at once. While the handler runs, its lease is renewed every third of the lease; renewals stop when it
 * settles, when the coordinator says the delivery is no longer current, or when the isolate dies — and then
 * the lease runs out and redelivery covers the lost work as before.
 *
 * A handler that settles before the first renewal is due costs one timer and no RPC.
 */
import { type RpcResult, unwrapRpc } from '@workflow-world-cloudflare/core';
import type { RenewResult } from '../protocol.js';

/** The coordinator method this needs (a `DurableObjectStub<WorkflowQueueObject>` has it). */
export interface LeaseHolder {
  renew(input: { messageId: string; attempt: number }): Promise<RpcResult<RenewResult>>;
}

/** Renewal period for a lease: a third of it, so two renewals can fail before the lease runs out. */
export const renewalPeriodMs = (leaseMs: number): number => Math.max(1, Math.floor(leaseMs / 3));

/**
 * Runs `work` (one delivery's handler) while renewing the lease of `attempt` of `messageId`.
 * Renewal failures are logged, never thrown: `work`'s result is what the caller settles.
 */
export async function withLeaseRenewal<T>(
  coordinator: LeaseHolder,
  delivery: { messageId: string; attempt: number },
  leaseMs: number,
  work: () => Promise<T>,
): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let settled = false;
  const schedule = (periodMs: number): void => {
    timer = setTimeout(() => void renew(), periodMs);
  };
  const renew = async (): Promise<void> => {
    timer = undefined;
    let periodMs = renewalPeriodMs(leaseMs);
    try {
      const result = unwrapRpc(await coordinator.renew({ messageId: delivery.messageId, attempt: delivery.attempt }));
      if (result.status === 'stale') {
        // Superseded or taken back by the alarm: extending it would hide a redelivery that may already run.
        console.warn(`queue-cf: lease of ${delivery.messageId} attempt ${delivery.attempt} is no longer ours; not renewing`);
        return;
      }
      periodMs = renewalPeriodMs(result.leaseMs);
    } catch (error) {
      // Try again next period; if every renewal fails the lease runs out and the message is redelivered.
      console.error(`queue-cf: renewing the lease of ${delivery.messageId} attempt ${delivery.attempt} failed`, error);
    }
    if (!settled) schedule(periodMs);
  };
  schedule(renewalPeriodMs(leaseMs));
  try {
    return await work();
  } finally {
    settled = true;
    if (timer !== undefined) clearTimeout(timer);
  }
}
