/** Builders shared by the Storage contract suite. Only the public `Storage` interface is used. */
import { newRunId } from '@workflow-world-cloudflare/core';
import type { Event, Storage } from '@workflow/world';

export const SPEC = 3;

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A unique suffix, so suites can share one database without seeing each other's rows. */
export const unique = (prefix: string): string => `${prefix}-${crypto.randomUUID()}`;

/** A valid, recent run id no storage has seen. */
export const freshRunId = (): string => newRunId();

export async function newRun(storage: Storage, opts: { workflowName?: string; input?: unknown; runId?: string | null } = {}): Promise<string> {
  const result = await storage.events.create(opts.runId ?? null, {
    eventType: 'run_created',
    specVersion: SPEC,
    eventData: { deploymentId: 'dep-test', workflowName: opts.workflowName ?? unique('wf'), input: opts.input ?? enc('input') },
  });
  if (!result.run) throw new Error('run_created returned no run');
  return result.run.runId;
}

export async function startedRun(storage: Storage, opts: Parameters<typeof newRun>[1] = {}): Promise<string> {
  const runId = await newRun(storage, opts);
  await storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC });
  return runId;
}

export async function newStep(storage: Storage, runId: string, stepId: string, input: unknown = enc('step-in')): Promise<void> {
  await storage.events.create(runId, {
    eventType: 'step_created',
    specVersion: SPEC,
    correlationId: stepId,
    eventData: { stepName: 'step//test//fn', input },
  });
}

export async function allEvents(storage: Storage, runId: string): Promise<Event[]> {
  return (await storage.events.list({ runId, pagination: { limit: 1000 } })).data;
}

export async function eventTypes(storage: Storage, runId: string): Promise<string[]> {
  return (await allEvents(storage, runId)).map((e) => e.eventType);
}

/** Settles every promise and returns the fulfilled values and the rejection names. */
export async function settle<T>(promises: Promise<T>[]): Promise<{ ok: T[]; errors: string[] }> {
  const results = await Promise.allSettled(promises);
  return {
    ok: results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])),
    errors: results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).name)] : [])),
  };
}

export type StorageFactory = () => Storage | Promise<Storage>;
