/**
 * The workflow benchmark: the same workflows (app/workflows/bench.ts) on each world, in interleaved rounds,
 * then the long shapes on ours alone. Every figure is a median over the rounds' samples; nothing is asserted.
 *
 * - start() → first step body: `ttfs`'s step returns `Date.now()`; minus the host time just before `start()`.
 * - per-step overhead: (wall of seq(100) − wall of seq(10)) / 90; wall = the run's `completedAt − createdAt`.
 * - fanout(20) wall: 20 steps in `Promise.all`.
 * - sleep('1s') overshoot: when the step after the sleep ran, minus the wait's `resumeAt`.
 * - 50 concurrent seq(5): 50 runs started at once; runs/s = 50 / (last `completedAt` − first `createdAt`).
 * - start() call latency: the `start()` call itself, timed in the process that made it.
 * - seq(1000): per-step cost over steps 1–100 and 901–1000 (from the steps' `completedAt`), and its wall.
 * - 1,000 concurrent seq(5): every run must complete with output 5.
 */
import { median } from './stats.ts';
import { type RunView, startMany, type WorkflowDriver } from './workflow-driver.ts';

export interface RoundSamples {
  startMs: number[];
  ttfsMs: number[];
  seq10: number[];
  seq100: number[];
  fanout20: number[];
  sleepOvershoot: number[];
  throughput: number[];
}

export const emptySamples = (): RoundSamples => ({
  startMs: [],
  ttfsMs: [],
  seq10: [],
  seq100: [],
  fanout20: [],
  sleepOvershoot: [],
  throughput: [],
});

const RUN_TIMEOUT_MS = 120_000;

function check(view: RunView, expected: (output: unknown) => boolean, what: string): RunView & { completedAt: number } {
  if (view.status !== 'completed' || view.completedAt === null || !expected(view.output)) {
    throw new Error(`${what}: run ${view.runId} ended ${view.status} with ${JSON.stringify(view.output)}`);
  }
  return view as RunView & { completedAt: number };
}

async function runOnce(driver: WorkflowDriver, workflow: string, args: unknown[], expected: (o: unknown) => boolean) {
  const started = await driver.start(workflow, args);
  const [view] = await driver.waitAll([started.runId], RUN_TIMEOUT_MS);
  return { started, view: check(view as RunView, expected, `${driver.name} ${workflow}`) };
}

const isNumber = (o: unknown) => typeof o === 'number';
const equals = (n: number) => (o: unknown) => o === n;
const wall = (v: { createdAt: number; completedAt: number }) => v.completedAt - v.createdAt;

/** Warms the world's code paths once per workflow (first isolate, JIT); nothing is recorded. */
export async function warmUp(driver: WorkflowDriver): Promise<void> {
  await runOnce(driver, 'ttfs', [], isNumber);
  await runOnce(driver, 'seq', [5], equals(5));
  await runOnce(driver, 'fanout', [5], equals(15));
}

/** One round of every comparable workload on `driver`, appended to `samples`. */
export async function runRound(driver: WorkflowDriver, samples: RoundSamples): Promise<void> {
  for (let i = 0; i < 5; i++) {
    const { started, view } = await runOnce(driver, 'ttfs', [], isNumber);
    samples.startMs.push(started.startMs);
    samples.ttfsMs.push((view.output as number) - started.t0);
  }
  for (let i = 0; i < 3; i++) samples.seq10.push(wall((await runOnce(driver, 'seq', [10], equals(10))).view));
  samples.seq100.push(wall((await runOnce(driver, 'seq', [100], equals(100))).view));
  for (let i = 0; i < 3; i++) samples.fanout20.push(wall((await runOnce(driver, 'fanout', [20], equals(210))).view));
  for (let i = 0; i < 2; i++) {
    const { started, view } = await runOnce(driver, 'sleepy', [], isNumber);
    const [resumeAt] = await driver.waits(started.runId);
    if (resumeAt === undefined) throw new Error(`${driver.name} sleepy: no wait_created in run ${started.runId}`);
    samples.sleepOvershoot.push((view.output as number) - resumeAt);
  }
  const burst = await startMany(driver, 'seq', [5], 50, 50);
  const views = (await driver.waitAll(burst.map((s) => s.runId), RUN_TIMEOUT_MS)).map((v) => check(v, equals(5), `${driver.name} 50 x seq(5)`));
  const first = Math.min(...views.map((v) => v.createdAt));
  const last = Math.max(...views.map((v) => v.completedAt));
  samples.throughput.push((50 * 1000) / (last - first));
}

export interface Figures {
  startMs: number;
  ttfsMs: number;
  perStepMs: number;
  seq100Ms: number;
  fanout20Ms: number;
  sleepOvershootMs: number;
  runsPerSecond: number;
}

export function figuresOf(s: RoundSamples): Figures {
  return {
    startMs: median(s.startMs),
    ttfsMs: median(s.ttfsMs),
    perStepMs: (median(s.seq100) - median(s.seq10)) / 90,
    seq100Ms: median(s.seq100),
    fanout20Ms: median(s.fanout20),
    sleepOvershootMs: median(s.sleepOvershoot),
    runsPerSecond: median(s.throughput),
  };
}

export interface LongRun {
  wallMs: number;
  firstHundredMsPerStep: number;
  lastHundredMsPerStep: number;
}

/** seq(1000): per-step cost over the first and the last hundred steps, from the steps' own stamps. */
export async function runSeq1000(driver: WorkflowDriver): Promise<LongRun> {
  const started = await driver.start('seq', [1000]);
  const [raw] = await driver.waitAll([started.runId], 900_000);
  const view = check(raw as RunView, equals(1000), `${driver.name} seq(1000)`);
  const steps = (await driver.steps(started.runId)).sort((a, b) => a.createdAt - b.createdAt);
  const done = (i: number) => {
    const at = steps[i]?.completedAt;
    if (at === null || at === undefined) throw new Error(`seq(1000): step ${i + 1} has no completedAt`);
    return at;
  };
  if (steps.length !== 1000) throw new Error(`seq(1000): ${steps.length} steps`);
  return {
    wallMs: wall(view),
    firstHundredMsPerStep: (done(99) - view.createdAt) / 100,
    lastHundredMsPerStep: (done(999) - done(899)) / 100,
  };
}

export interface Crowd {
  runs: number;
  completed: number;
  wallMs: number;
}

/** `count` concurrent seq(5) runs: all must complete with output 5. */
export async function runCrowd(driver: WorkflowDriver, count: number): Promise<Crowd> {
  const started = await startMany(driver, 'seq', [5], count, 50);
  const views = await driver.waitAll(started.map((s) => s.runId), 900_000);
  const completed = views.filter((v) => v.status === 'completed' && v.output === 5);
  const first = Math.min(...views.map((v) => v.createdAt));
  const last = Math.max(...views.map((v) => v.completedAt ?? v.createdAt));
  return { runs: count, completed: completed.length, wallMs: last - first };
}
