/**
 * Session consistency for the index lookups whose D1 rows a run object writes after answering
 * (`putStep`, `putCorrelation`; see `outbox-drainer.ts`): the owners of steps and correlation ids this
 * storage created recently, kept in memory and consulted only where D1 has no row yet.
 *
 * Why memory and not a retry against D1: the rows usually land a few milliseconds after the answer, but
 * after an eviction they wait for the outbox alarm, and during a D1 outage for its backoff (minutes). A
 * bounded retry would either give up too early in exactly those cases or make every genuine miss
 * (`steps.get(undefined, 'unknown')` → 404) pay the whole retry budget. An owner entry is a fact that never
 * changes once the object committed it, so it can never be stale; it can only be forgotten (bounded).
 */

/** Entries kept per map; the oldest goes first. ~100 B each, so well under 1 MB per isolate. */
export const RECENT_OWNERS_CAPACITY = 2048;

/** Runs remembered per correlation id (ids are unique per run, so more than one is already rare). */
const OWNERS_PER_CORRELATION = 64;

export interface RecentOwners {
  /** Records a committed `step_created` (`stepId` is its correlation id). */
  noteStep(stepId: string, runId: string): void;
  /** Records a committed event that gave `correlationId` a `putCorrelation` row for `runId`. */
  noteCorrelation(correlationId: string, runId: string): void;
  /** The run of a recently created step, if this storage created it. */
  stepOwner(stepId: string): string | undefined;
  /** The runs that recently used `correlationId` through this storage, oldest first. */
  correlationOwners(correlationId: string): string[];
  /** Records that `runId`'s snapshot in D1 follows just after an answer this storage got. */
  noteRunIndexPending(runId: string): void;
  /** The runs noted so far (at most the capacity, newest last), forgotten once taken. */
  takeRunIndexPending(): string[];
}

export function createRecentOwners(capacity = RECENT_OWNERS_CAPACITY): RecentOwners {
  const steps = new Map<string, string>();
  const correlations = new Map<string, string[]>();
  const pendingRuns = new Map<string, true>();

  function bound<V>(map: Map<string, V>): void {
    // Maps iterate in insertion order: the first key is the oldest.
    while (map.size > capacity) {
      const oldest = map.keys().next();
      if (oldest.done) return;
      map.delete(oldest.value);
    }
  }

  return {
    noteStep(stepId, runId) {
      steps.delete(stepId);
      steps.set(stepId, runId);
      bound(steps);
    },
    noteCorrelation(correlationId, runId) {
      const owners = correlations.get(correlationId) ?? [];
      correlations.delete(correlationId);
      correlations.set(correlationId, owners.includes(runId) ? owners : [...owners, runId].slice(-OWNERS_PER_CORRELATION));
      bound(correlations);
    },
    noteRunIndexPending(runId) {
      pendingRuns.delete(runId);
      pendingRuns.set(runId, true);
      bound(pendingRuns);
    },
    takeRunIndexPending() {
      const runs = [...pendingRuns.keys()];
      pendingRuns.clear();
      return runs;
    },
    stepOwner: (stepId) => steps.get(stepId),
    correlationOwners: (correlationId) => correlations.get(correlationId) ?? [],
  };
}
