/**
 * Builders shared by the Storage contract suite (and exported from `core/testing` for implementations' own
 * tests). Only the public `Storage` interface is used.
 */
import { newRunId } from '../../ids.js';
import type { Event, Storage } from '@workflow/world';

/** The spec version the suite writes (`@workflow/world` 4.5: 3). */
export const SPEC = 3;

/** UTF-8 bytes of `s` (spec-3 payloads are bytes). */
export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);

/** A unique suffix, so suites can share one database without seeing each other's rows. */
export const unique = (prefix: string): string => `${prefix}-${crypto.randomUUID()}`;

/** A valid, recent run id no storage has seen. */
export const freshRunId = (): string => newRunId();

/** Creates a run (`run_created`) and returns its id. */
export async function newRun(storage: Storage, opts: { workflowName?: string; input?: unknown; runId?: string | null } = {}): Promise<string> {
  const result = await storage.events.create(opts.runId ?? null, {
    eventType: 'run_created',
    specVersion: SPEC,
    eventData: { deploymentId: 'dep-test', workflowName: opts.workflowName ?? unique('wf'), input: opts.input ?? enc('input') },
  });
  if (!result.run) throw new Error('run_created returned no run');
  return result.run.runId;
}

/** Creates and starts a run; returns its id. */
export async function startedRun(storage: Storage, opts: Parameters<typeof newRun>[1] = {}): Promise<string> {
  const runId = await newRun(storage, opts);
  await storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC });
  return runId;
}

/** Creates a pending step `stepId` in `runId`. */
export async function newStep(storage: Storage, runId: string, stepId: string, input: unknown = enc('step-in')): Promise<void> {
  await storage.events.create(runId, {
    eventType: 'step_created',
    specVersion: SPEC,
    correlationId: stepId,
    eventData: { stepName: 'step//test//fn', input },
  });
}

/** Every event of the run, oldest first (up to 1,000). */
export async function allEvents(storage: Storage, runId: string): Promise<Event[]> {
  return (await storage.events.list({ runId, pagination: { limit: 1000 } })).data;
}

/** The run's event types, oldest first. */
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

/** Builds the storage under test; called once per test. */
export type StorageFactory = () => Storage | Promise<Storage>;
