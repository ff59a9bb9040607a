/**
 * What the run object reads on every event — the run, its meta facts, the newest event's id and time, the
 * steps it touched lately — kept in memory beside SQLite. A local SQLite statement (and decoding the row)
 * costs far more than a map lookup, and every event used to read these again. The object is the only
 * writer of its tables, so the copy stays exact as long as no transaction that wrote through it is rolled
 * back: the object calls {@link resetRunCache} whenever a `transactionSync` throws.
 */
import type { Step } from '@workflow/world';
import type { MetaKey } from './meta.js';
import type { StoredRun } from './runs.js';
import type { RunSql } from './sql.js';

/** Steps kept; the oldest entry goes first beyond this (a run's active steps are far fewer). */
const STEPS_KEPT = 512;

export interface RunCache {
  /** `undefined`: not read yet; `null`: no run. */
  run?: StoredRun | null;
  meta: Map<MetaKey, string | null>;
  /** The newest event (id and `createdAt` ms); `null`: none yet. */
  lastEvent?: { eventId: string; createdAt: number } | null;
  steps: Map<string, Step | null>;
}

const caches = new WeakMap<RunSql, RunCache>();

export function cacheOf(h: RunSql): RunCache {
  let cache = caches.get(h);
  if (!cache) {
    cache = { meta: new Map(), steps: new Map() };
    caches.set(h, cache);
  }
  return cache;
}

/** Remembers `step` (or its absence) as the latest state of `stepId`. */
export function cacheStep(h: RunSql, stepId: string, step: Step | null): void {
  const steps = cacheOf(h).steps;
  steps.delete(stepId);
  steps.set(stepId, step);
  if (steps.size > STEPS_KEPT) steps.delete(steps.keys().next().value as string);
}

/** Forgets everything: the next reads go to SQLite. */
export function resetRunCache(h: RunSql): void {
  caches.delete(h);
}
