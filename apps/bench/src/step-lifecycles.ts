/**
 * The storage write-path workload, shared by both sides so they run the same code: one run, then `count`
 * sequential step lifecycles (`step_created` → `step_started` → `step_completed`) through `events.create`,
 * each call timed on its own. Runs in Node (world-local) and inside workerd (our World), hence no Node or
 * Workers imports here; the clock is passed in.
 */
import type { Storage } from '@workflow/world';

/** The DevKit's current spec version (`@workflow/world` 4.5): payloads are bytes. */
const SPEC_VERSION = 3;
const WORKFLOW_NAME = 'workflow//./src/workflows/orders//processOrder';
const STEP_NAME = 'step//./src/workflows/orders//chargeCard';

export interface LifecycleOptions {
  /** Timed lifecycles. */
  count: number;
  /** Untimed lifecycles first (same run), so lazy initialisation is not measured. */
  warmup: number;
  /** A monotonic clock in milliseconds (`performance.now`). */
  now: () => number;
}

/** Milliseconds per `events.create` call, by event type, plus the whole timed loop. */
export interface LifecycleTimings {
  runId: string;
  created: number[];
  started: number[];
  completed: number[];
  /** Wall time of the timed loop (all `3 * count` calls). */
  loopMs: number;
}

/** Bytes of a small DevKit-serialized payload (`devalue`-encoded text, as spec 3 stores it). */
function payload(text: string): Uint8Array {
  return new TextEncoder().encode(`devl${JSON.stringify([{ orderId: 1, amount: 2 }, text, 42])}`);
}

/** Creates and starts a run, then runs the lifecycles; throws if any call fails (nothing is swallowed). */
export async function runStepLifecycles(events: Storage['events'], options: LifecycleOptions): Promise<LifecycleTimings> {
  const created = await events.create(null, {
    eventType: 'run_created',
    specVersion: SPEC_VERSION,
    eventData: { deploymentId: 'dpl_bench', workflowName: WORKFLOW_NAME, input: payload('input') },
  });
  const runId = created.run?.runId;
  if (!runId) throw new Error('run_created returned no run');
  await events.create(runId, { eventType: 'run_started', specVersion: SPEC_VERSION });

  const timings: LifecycleTimings = { runId, created: [], started: [], completed: [], loopMs: 0 };
  const lifecycle = async (i: number, record: boolean) => {
    // DevKit step ids are `step_<ulid>`; a fixed-width counter keeps them unique and ordered here.
    const stepId = `step_${String(i).padStart(8, '0')}`;
    const t0 = options.now();
    await events.create(runId, {
      eventType: 'step_created',
      specVersion: SPEC_VERSION,
      correlationId: stepId,
      eventData: { stepName: STEP_NAME, workflowName: WORKFLOW_NAME, input: payload(`in-${i}`) },
    });
    const t1 = options.now();
    await events.create(runId, {
      eventType: 'step_started',
      specVersion: SPEC_VERSION,
      correlationId: stepId,
      eventData: { stepName: STEP_NAME, workflowName: WORKFLOW_NAME, attempt: 1 },
    });
    const t2 = options.now();
    await events.create(runId, {
      eventType: 'step_completed',
      specVersion: SPEC_VERSION,
      correlationId: stepId,
      eventData: { stepName: STEP_NAME, workflowName: WORKFLOW_NAME, result: payload(`out-${i}`) },
    });
    const t3 = options.now();
    if (record) {
      timings.created.push(t1 - t0);
      timings.started.push(t2 - t1);
      timings.completed.push(t3 - t2);
    }
  };

  for (let i = 0; i < options.warmup; i++) await lifecycle(i, false);
  const loopStart = options.now();
  for (let i = 0; i < options.count; i++) await lifecycle(options.warmup + i, true);
  timings.loopMs = options.now() - loopStart;
  return timings;
}
