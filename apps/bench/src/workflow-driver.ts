/**
 * What the workflow benchmark needs from a world, whichever it is: start a run (and say when `start()` was
 * called and how long it took), wait for runs to end, and read step and wait times. Every time comes from the
 * world's own stamps (`createdAt`, `completedAt`, `resumeAt`) or from the host running the code, never from
 * the benchmark's polling.
 */
export interface Started {
  runId: string;
  /** Host clock (ms) just before `start()` was called, in the process that called it. */
  t0: number;
  /** How long the `start()` call took, measured around it in that process. */
  startMs: number;
}

export interface RunView {
  runId: string;
  status: string;
  createdAt: number;
  completedAt: number | null;
  output: unknown;
}

export interface StepTimes {
  createdAt: number;
  completedAt: number | null;
}

export interface EventTime {
  eventType: string;
  createdAt: number;
}

export interface WorkflowDriver {
  readonly name: string;
  start(workflow: string, args: unknown[]): Promise<Started>;
  /** Resolves once every run is terminal (rejects after `timeoutMs`). */
  waitAll(runIds: readonly string[], timeoutMs: number): Promise<RunView[]>;
  /** Every step of the run, oldest first. */
  steps(runId: string): Promise<StepTimes[]>;
  /** `resumeAt` (ms) of every `wait_created` of the run. */
  waits(runId: string): Promise<number[]>;
  /** Every event of the run (type and `createdAt` in ms), oldest first. */
  events(runId: string): Promise<EventTime[]>;
  close(): Promise<void>;
}

/** Starts `count` runs, at most `concurrency` `start()` calls in flight at once. */
export async function startMany(
  driver: WorkflowDriver,
  workflow: string,
  args: unknown[],
  count: number,
  concurrency: number,
): Promise<Started[]> {
  const started: Started[] = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      started.push(await driver.start(workflow, args));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return started;
}
