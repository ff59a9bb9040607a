/**
 * `pnpm bench`: our World against the DevKit's reference world (`@workflow/world-local` 4.4.1), in one
 * invocation, offline, loopback only. Prints figures and ratios; asserts nothing.
 *
 *  1. Workflows (app/workflows/bench.ts, one source for both worlds): ttfs, seq(10), seq(100), fanout(20),
 *     sleepy, 50 concurrent seq(5), in `--rounds` interleaved rounds; then seq(1000) and 1,000 concurrent
 *     seq(5) on ours (world-local's replay makes seq(1000) take many minutes there).
 *  2. Storage write path: sequential step lifecycles through `events.create`, timed per event.
 *
 *  3. (`--only encryption`) the cost of encryption at rest: ours with WORKFLOW_ENCRYPTION_KEY against ours
 *     without, the same workloads in interleaved rounds.
 *  4. (`--only listing`) `runs.list` as the web UI pages it, at `--listing-runs` runs in D1 against 1,000.
 *
 * Flags: --rounds N (3) --lifecycles N (200) --poll-ms N (50) --crowd N (1000)
 *        --only workflows|storage|encryption|listing --listing-runs N (100000) --skip-long (no seq(1000) / crowd)
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { APP_DIR, buildBenchWorker, startCloudflareDriver } from './cloudflare-driver.ts';
import { startLocalDriver } from './local-driver.ts';
import { ms, ratio, row, summarize } from './stats.ts';
import { benchListing } from './listing-cloudflare.ts';
import { benchCloudflareStorage } from './storage-cloudflare.ts';
import { benchLocalStorage } from './storage-local.ts';
import type { LifecycleTimings } from './step-lifecycles.ts';
import { createTempDirs } from './temp-dirs.ts';
import {
  type Crowd,
  emptySamples,
  type Figures,
  figuresOf,
  type LongRun,
  type RoundSamples,
  runCrowd,
  runRound,
  runSeq1000,
  warmUp,
} from './workflow-bench.ts';
import type { WorkflowDriver } from './workflow-driver.ts';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    lifecycles: { type: 'string', default: '200' },
    'poll-ms': { type: 'string', default: '50' },
    crowd: { type: 'string', default: '1000' },
    only: { type: 'string' },
    'listing-runs': { type: 'string', default: '100000' },
    'skip-long': { type: 'boolean', default: false },
  },
});

function count(name: string, value: string | undefined, min: number, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new Error(`--${name} must be an integer in ${min}..${max}, got ${value}`);
  return n;
}

const rounds = count('rounds', flags.rounds, 1, 50);
const lifecycles = count('lifecycles', flags.lifecycles, 1, 10_000);
const pollMs = count('poll-ms', flags['poll-ms'], 1, 1000);
const crowdSize = count('crowd', flags.crowd, 1, 10_000);
const listingRuns = count('listing-runs', flags['listing-runs'], 2_000, 1_000_000);
const only = flags.only;
if (only !== undefined && only !== 'workflows' && only !== 'storage' && only !== 'encryption' && only !== 'listing') {
  throw new Error('--only must be workflows, storage, encryption or listing');
}

const f = (x: number, unit = 'ms') => (Number.isFinite(x) ? `${x.toFixed(x < 10 ? 2 : 1)} ${unit}` : 'n/a');

function printWorkflows(local: Figures, ours: Figures, long: LongRun | undefined, crowd: Crowd | undefined): void {
  console.log(`\n1. Workflows: medians over ${rounds} interleaved round(s); ratio = ours / world-local (time: < 1 is faster)`);
  const head = `  ${'figure'.padEnd(36)}${'world-local'.padStart(13)}${'ours'.padStart(13)}${'ratio'.padStart(9)}   target`;
  console.log(head);
  const line = (label: string, l: number, o: number, target: string, unit = 'ms') => {
    const r = o / l;
    console.log(`  ${label.padEnd(36)}${f(l, unit).padStart(13)}${f(o, unit).padStart(13)}${`${r.toFixed(2)}x`.padStart(9)}   ${target}`);
  };
  line('start() -> first step body', local.ttfsMs, ours.ttfsMs, '<= 0.5x');
  line('per-step overhead', local.perStepMs, ours.perStepMs, '<= 0.3x');
  line('seq(100) wall', local.seq100Ms, ours.seq100Ms, '');
  line('fanout(20) wall', local.fanout20Ms, ours.fanout20Ms, '<= 0.5x');
  line("sleep('1s') overshoot", local.sleepOvershootMs, ours.sleepOvershootMs, '<= 20 ms absolute');
  line('50 concurrent seq(5), runs/s', local.runsPerSecond, ours.runsPerSecond, '>= 3x (higher is better)', 'runs/s');
  line('start() call latency', local.startMs, ours.startMs, '<= 1x');
  if (long) {
    const r = long.lastHundredMsPerStep / long.firstHundredMsPerStep;
    console.log(`\n  seq(1000) on ours: ${f(long.firstHundredMsPerStep)}/step over steps 1-100, ${f(long.lastHundredMsPerStep)}/step over 901-1000`);
    console.log(`    ratio 901-1000 / 1-100: ${r.toFixed(2)} (target <= 3); wall ${f(long.wallMs / 1000, 's')} (target <= 60 s)`);
  }
  if (crowd) {
    console.log(`\n  ${crowd.runs} concurrent seq(5) on ours: ${crowd.completed}/${crowd.runs} completed with the right output, ` +
      `${f(crowd.wallMs / 1000, 's')} from the first createdAt to the last completedAt (${((crowd.completed * 1000) / crowd.wallMs).toFixed(1)} runs/s)`);
  }
}

function printStorage(local: LifecycleTimings, ours: LifecycleTimings): void {
  const keys = ['n', 'p50', 'p99', 'mean', 'max'] as const;
  const all = (t: LifecycleTimings) => [...t.created, ...t.started, ...t.completed];
  console.log(`\n2. Storage write path: ${lifecycles} sequential step lifecycles through events.create (per event)`);
  for (const [label, pick] of [
    ['all events', all],
    ['step_created', (t: LifecycleTimings) => t.created],
    ['step_started', (t: LifecycleTimings) => t.started],
    ['step_completed', (t: LifecycleTimings) => t.completed],
  ] as const) {
    const l = summarize(pick(local));
    const o = summarize(pick(ours));
    console.log(row(`world-local, ${label}`, l, keys));
    console.log(row(`ours, ${label}`, o, keys));
    console.log(`    ratio world-local / ours: p50 ${ratio(l.p50, o.p50)}  p99 ${ratio(l.p99, o.p99)}  mean ${ratio(l.mean, o.mean)}`);
  }
  const events = 3 * lifecycles;
  console.log(`  whole loop (${events} events): world-local ${ms(local.loopMs)} (${ms(local.loopMs / events)}/event), ` +
    `ours ${ms(ours.loopMs)} (${ms(ours.loopMs / events)}/event)`);
}

/** Warms both drivers up, then runs `rounds` rounds on each, alternating which goes first. */
async function interleavedRounds(a: WorkflowDriver, b: WorkflowDriver): Promise<[RoundSamples, RoundSamples]> {
  await warmUp(a);
  await warmUp(b);
  const samplesA = emptySamples();
  const samplesB = emptySamples();
  for (let r = 0; r < rounds; r++) {
    // Alternate which goes first, so neither always runs on a machine the other just warmed.
    const order = r % 2 === 0 ? [[a, samplesA], [b, samplesB]] as const : [[b, samplesB], [a, samplesA]] as const;
    for (const [driver, samples] of order) {
      console.log(`  round ${r + 1}/${rounds}: ${driver.name}`);
      await runRound(driver, samples);
    }
  }
  return [samplesA, samplesB];
}

/** Section 3: the same workloads on ours with and without an encryption key, in interleaved rounds. */
async function benchEncryption(): Promise<void> {
  console.log('\n[encryption] building the bench workflows, starting ours twice (with and without WORKFLOW_ENCRYPTION_KEY)…');
  await buildBenchWorker();
  const plain = await startCloudflareDriver({ persistTo: temp.make('bench-plain-state-'), pollMs, name: 'ours' });
  const sealed = await startCloudflareDriver({
    persistTo: temp.make('bench-sealed-state-'),
    pollMs,
    name: 'ours + encryption',
    vars: { WORKFLOW_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
  });
  try {
    const [plainSamples, sealedSamples] = await interleavedRounds(plain, sealed);
    const p = figuresOf(plainSamples);
    const e = figuresOf(sealedSamples);
    console.log(`\n3. Encryption at rest: medians over ${rounds} interleaved round(s); ratio = with key / without (target <= 1.10x)`);
    console.log(`  ${'figure'.padEnd(36)}${'no key'.padStart(13)}${'with key'.padStart(13)}${'ratio'.padStart(9)}`);
    const line = (label: string, a: number, b: number, unit = 'ms') =>
      console.log(`  ${label.padEnd(36)}${f(a, unit).padStart(13)}${f(b, unit).padStart(13)}${`${(b / a).toFixed(2)}x`.padStart(9)}`);
    line('start() -> first step body', p.ttfsMs, e.ttfsMs);
    line('per-step overhead', p.perStepMs, e.perStepMs);
    line('seq(100) wall', p.seq100Ms, e.seq100Ms);
    line('fanout(20) wall', p.fanout20Ms, e.fanout20Ms);
    line('50 concurrent seq(5), runs/s', p.runsPerSecond, e.runsPerSecond, 'runs/s');
    line('start() call latency', p.startMs, e.startMs);
  } finally {
    await sealed.close();
    await plain.close();
  }
}

const temp = createTempDirs();
try {
  console.log(`bench: Node ${process.version}, ${cpus().length} CPU(s), ${cpus()[0]?.model ?? 'unknown CPU'}, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  if (only === 'encryption') await benchEncryption();
  if (only === 'listing') await benchListing(temp.make('bench-listing-state-'), 1_000, listingRuns, 20);
  if (only === undefined || only === 'workflows') {
    // The DevKit builder's SWC plugin caches under the working directory; drop that cache if it is ours.
    temp.removeIfNew(join(process.cwd(), '.swc'));
    console.log('\n[1/2] building the bench workflows (workflow-world-cloudflare build), starting both worlds…');
    await buildBenchWorker();
    const local = await startLocalDriver({
      dataDir: temp.make('bench-world-local-'),
      outDir: temp.make('.bench-devkit-', PACKAGE_DIR),
      appDir: APP_DIR,
    });
    const ours = await startCloudflareDriver({ persistTo: temp.make('bench-workflows-state-'), pollMs });
    try {
      const [localSamples, ourSamples] = await interleavedRounds(local, ours);
      let long: LongRun | undefined;
      let crowd: Crowd | undefined;
      if (!flags['skip-long']) {
        console.log('  seq(1000) on ours…');
        long = await runSeq1000(ours);
        console.log(`  ${crowdSize} concurrent seq(5) on ours…`);
        crowd = await runCrowd(ours, crowdSize);
      }
      printWorkflows(figuresOf(localSamples), figuresOf(ourSamples), long, crowd);
    } finally {
      await ours.close();
      await local.close();
    }
  }
  if (only === undefined || only === 'storage') {
    console.log(`\n[2/2] storage write path: world-local in-process, then ours inside workerd…`);
    const local = await benchLocalStorage(temp.make('bench-world-local-storage-'), lifecycles, 10);
    const ours = await benchCloudflareStorage(temp.make('bench-storage-state-'), lifecycles, 10);
    printStorage(local, ours);
  }
} finally {
  temp.removeAll();
}
