/// <reference types="@cloudflare/vitest-plugin/types" />
/**
 * Wrappers around the live D1 index (never the binding) that a test swaps into a running object through
 * `index` (run-object-seams.ts): `apply` failing as it does when D1 is down, or held until the test opens it.
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import type { IndexOp, WorkflowIndex } from '@workflow-world-cloudflare/storage-d1';
import { BACKGROUND_DRAIN_INTERVAL_MS } from '../src/object/outbox-drainer.js';
import type { WorkflowRunObjectWithSeams as WorkflowRunObject } from './run-object-seams.js';
import { runStubOf } from './helpers.js';

function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => undefined;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

function withApply(index: WorkflowIndex, apply: WorkflowIndex['apply']): WorkflowIndex {
  return new Proxy(index, { get: (target, prop, receiver) => (prop === 'apply' ? apply : Reflect.get(target, prop, receiver)) });
}

/** `apply` refuses as in a D1 outage; `failed` resolves at the first refusal. */
export function failingApply(index: WorkflowIndex): { index: WorkflowIndex; failed: Promise<void> } {
  const { promise: failed, resolve } = deferred();
  const apply = async (): Promise<void> => {
    resolve();
    throw new CloudflareWorldError('INDEX_UNAVAILABLE', 'injected D1 outage');
  };
  return { index: withApply(index, apply), failed };
}

/**
 * `apply` records its ops and waits until `open()` before it writes to D1; `started` resolves when the
 * first apply is waiting, `applied` after each write (the latest one).
 */
export interface HeldIndex {
  index: WorkflowIndex;
  calls: IndexOp[][];
  started: Promise<void>;
  open(): void;
  applied(): Promise<void>;
}

export function heldApply(index: WorkflowIndex): HeldIndex {
  const gate = deferred();
  const started = deferred();
  const calls: IndexOp[][] = [];
  let last: Promise<void> = started.promise;
  const apply = (ops: IndexOp[]): Promise<void> => {
    calls.push(ops);
    started.resolve();
    last = gate.promise.then(() => index.apply(ops));
    return last;
  };
  return { index: withApply(index, apply), calls, started: started.promise, open: () => gate.resolve(), applied: () => last };
}

/** Swaps the running object's index; returns the one it had. */
export async function swapIndex(runId: string, make: (live: WorkflowIndex) => WorkflowIndex): Promise<WorkflowIndex> {
  return runInDurableObject(runStubOf(runId), (instance: WorkflowRunObject) => {
    const live = instance.index;
    instance.index = make(live);
    return live;
  });
}

/**
 * The run's object with a held index ({@link heldApply}) in place of its own: the outbox settled first, so no
 * earlier entry reaches the held index and the next deferrable commit drains at once.
 */
export async function holdIndex(runId: string): Promise<HeldIndex> {
  await settledOutbox(runId);
  const held = heldApply(await swapIndex(runId, (live) => live));
  await swapIndex(runId, () => held.index);
  return held;
}

/** Sets the live object's background drain interval (`undefined`: the default). */
export async function setDrainInterval(runId: string, ms: number | undefined): Promise<void> {
  await runInDurableObject(runStubOf(runId), (instance: WorkflowRunObject) => {
    instance.drainIntervalMs = ms;
  });
}

/** Pending outbox entries and the object's alarm. */
export async function outboxState(runId: string): Promise<{ pending: number; attempts: number; alarm: number | null }> {
  return runInDurableObject(runStubOf(runId), async (_: WorkflowRunObject, state) => {
    const row = state.storage.sql.exec('SELECT count(*) AS n, coalesce(max(attempts), 0) AS a FROM wf_outbox').one();
    return { pending: Number(row.n), attempts: Number(row.a), alarm: await state.storage.getAlarm() };
  });
}

/**
 * Lets the run's outbox settle: the alarm drains what the drain interval held back, then the interval passes,
 * so the next deferrable commit drains at once (a test that holds or fails that drain waits for it to start).
 */
export async function settledOutbox(runId: string): Promise<void> {
  await runDurableObjectAlarm(runStubOf(runId));
  await new Promise((resolve) => setTimeout(resolve, BACKGROUND_DRAIN_INTERVAL_MS));
}
