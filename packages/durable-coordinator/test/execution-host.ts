/**
 * A run execution host for the tests: records every delivery the run objects make (run, kind, attempt,
 * when), tracks how many run at once per run and kind, and lets each test script what a delivery does.
 * Registered by the test Worker (`worker.ts`), so the objects of this isolate use it. State lives on
 * `globalThis`: the test files and the objects share the isolate.
 */
import { decodeValue } from '@workflow-world-cloudflare/core';
import type { Delivery, Outcome } from '@workflow-world-cloudflare/queue-cf';
import { setRunExecutionHost } from '../src/index.js';

export interface Recorded {
  runId: string;
  kind: 'flow' | 'step';
  messageId: string;
  attempt: number;
  payload: Record<string, unknown>;
  at: number;
}

export type Behavior = (payload: Record<string, unknown>, delivery: Delivery) => Promise<Outcome>;

interface HostState {
  deliveries: Recorded[];
  behaviors: Map<string, { flow?: Behavior; step?: Behavior }>;
  active: Map<string, number>;
  maxActive: Map<string, number>;
}

const SLOT = Symbol.for('durable-coordinator-test/host');
export const hostState: HostState = ((globalThis as Record<symbol, unknown>)[SLOT] ??= {
  deliveries: [],
  behaviors: new Map(),
  active: new Map(),
  maxActive: new Map(),
}) as HostState;

const ACK: Outcome = { kind: 'ack' };

/** Scripts what deliveries of `runId` do (default: ack at once). */
export function behave(runId: string, behavior: { flow?: Behavior; step?: Behavior }): void {
  hostState.behaviors.set(runId, behavior);
}

export function deliveriesOf(runId: string, kind?: 'flow' | 'step'): Recorded[] {
  return hostState.deliveries.filter((d) => d.runId === runId && (kind === undefined || d.kind === kind));
}

export function maxActive(runId: string, kind: 'flow' | 'step'): number {
  return hostState.maxActive.get(`${runId}:${kind}`) ?? 0;
}

async function run(kind: 'flow' | 'step', delivery: Delivery): Promise<Outcome> {
  const payload = decodeValue(delivery.body) as Record<string, unknown>;
  const runId = String(payload.runId ?? payload.workflowRunId);
  hostState.deliveries.push({ runId, kind, messageId: delivery.messageId, attempt: delivery.attempt, payload, at: Date.now() });
  const key = `${runId}:${kind}`;
  const now = (hostState.active.get(key) ?? 0) + 1;
  hostState.active.set(key, now);
  hostState.maxActive.set(key, Math.max(now, hostState.maxActive.get(key) ?? 0));
  try {
    const behavior = hostState.behaviors.get(runId)?.[kind];
    return behavior ? await behavior(payload, delivery) : ACK;
  } catch (error) {
    return { kind: 'failed', error: String(error), maxAttempts: 5, delayMs: 100 };
  } finally {
    hostState.active.set(key, (hostState.active.get(key) ?? 1) - 1);
  }
}

export function registerTestHost(): void {
  setRunExecutionHost({
    runFlow: (delivery) => run('flow', delivery),
    runStep: (delivery) => run('step', delivery),
    failure: (_attempt, error) => ({ kind: 'failed', error: String(error), maxAttempts: 5, delayMs: 100 }),
    maxConcurrentSteps: 32,
  });
}
