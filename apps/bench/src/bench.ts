/**
 * `pnpm bench`: our World against the DevKit's reference worlds (`@workflow/world-local` 4.4.1, and
 * `@workflow/world-postgres` 4.3.7 on a throwaway local PostgreSQL when the machine has the server), in one
 * invocation, offline, loopback only. Prints figures and ratios; asserts nothing.
 *
 *  1. Workflows (app/workflows/bench.ts, one source for every world): ttfs, seq(10), seq(100), fanout(20),
 *     sleepy, 50 concurrent seq(5), in `--rounds` interleaved rounds; then seq(1000) and 1,000 concurrent
 *     seq(5) on ours (the reference worlds' replay makes seq(1000) take many minutes there).
 *  2. Storage write path: sequential step lifecycles through `events.create`, timed per event.
 *
 *  3. (`--only encryption`) the cost of encryption at rest: ours with WORKFLOW_ENCRYPTION_KEY against ours
 *     without, the same workloads in interleaved rounds.
 *  4. (`--only listing`) `runs.list` as the web UI pages it, at `--listing-runs` runs in D1 against 1,000.
 *
 * Flags: --rounds N (3) --lifecycles N (200) --poll-ms N (50) --crowd N (1000)
 *        --only workflows|storage|encryption|listing --listing-runs N (100000) --skip-long (no seq(1000) / crowd)
 *        --skip-postgres (no world-postgres column)
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { buildBenchWorker, startCloudflareDriver } from './cloudflare-driver.ts';
import { startLocalDriver } from './local-driver.ts';
import { startPostgresDriver } from './postgres-driver.ts';
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


const { values: flags } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    lifecycles: { type: 'string', default: '200' },
    'poll-ms': { type: 'string', default: '50' },
    crowd: { type: 'string', default: '1000' },
    only: { type: 'string' },
    'listing-runs': { type: 'string', default: '100000' },
    'skip-long': { type: 'boolean', default: false },
    'skip-postgres': { type: 'boolean', default: false },
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

interface Column {
  name: string;
  figures: Figures;
}

/**
 * One line per figure: each reference world, ours, ours / each reference, and ours / the best reference for
 * that figure (the issue's targets are against the best: the lower time, the higher throughput).
 */
function printWorkflows(references: Column[], ours: Figures, long: LongRun | undefined, crowd: Crowd | undefined): void {
  const names = references.map((r) => r.name);
  console.log(`\n1. Workflows: medians over ${rounds} interleaved round(s); ratio = ours / reference (time: < 1 is faster)`);
  const ratioHeads = references.length > 1 ? [...names.map((n) => `/ ${n}`), '/ best'] : [`/ ${names[0]}`];
  console.log(`  ${'figure'.padEnd(30)}${[...names, 'ours'].map((n) => n.padStart(16)).join('')}${ratioHeads.map((h) => h.padStart(18)).join('')}   target`);
  const line = (label: string, pick: (x: Figures) => number, target: string, unit = 'ms') => {
    const refs = references.map((r) => pick(r.figures));
    const o = pick(ours);
    const best = unit === 'runs/s' ? Math.max(...refs) : Math.min(...refs);
    const ratios = references.length > 1 ? [...refs, best] : refs;
    const cells = [...refs, o].map((x) => f(x, unit).padStart(16)).join('');
    console.log(`  ${label.padEnd(30)}${cells}${ratios.map((x) => `${(o / x).toFixed(2)}x`.padStart(18)).join('')}   ${target}`);
  };
  line('start() -> first step body', (x) => x.ttfsMs, '<= 0.5x');
  line('per-step overhead', (x) => x.perStepMs, '<= 0.3x');
  line('seq(100) wall', (x) => x.seq100Ms, '');
  line('fanout(20) wall', (x) => x.fanout20Ms, '<= 0.5x');
  line("sleep('1s') overshoot", (x) => x.sleepOvershootMs, '<= 20 ms absolute');
  line('50 x seq(5), runs/s', (x) => x.runsPerSecond, '>= 3x (higher is better)', 'runs/s');
  line('start() call latency', (x) => x.startMs, '<= 1x');
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

/** Warms every driver up, then runs `rounds` rounds on each, rotating which goes first. */
async function interleavedRounds(drivers: readonly WorkflowDriver[]): Promise<RoundSamples[]> {
  for (const driver of drivers) await warmUp(driver);
  const samples = drivers.map(() => emptySamples());
  for (let r = 0; r < rounds; r++) {
    // Rotate the order, so no world always runs on a machine another just warmed.
    for (let k = 0; k < drivers.length; k++) {
      const i = (r + k) % drivers.length;
      const driver = drivers[i] as WorkflowDriver;
      console.log(`  round ${r + 1}/${rounds}: ${driver.name}`);
      await runRound(driver, samples[i] as RoundSamples);
    }
  }
  return samples;
}

/** Section 3: the same workloads on ours with and without an encryption key, in interleaved rounds. */
async function benchEncryption(): Promise<void> {
  console.log('\n[encryption] building the bench workflows, starting ours twice (with and without WORKFLOW_ENCRYPTION_KEY)…');
  await buildBenchWorker(temp);
  const plain = await startCloudflareDriver({ persistTo: temp.make('bench-plain-state-'), pollMs, name: 'ours' });
  const sealed = await startCloudflareDriver({
    persistTo: temp.make('bench-sealed-state-'),
    pollMs,
    name: 'ours + encryption',
    vars: { WORKFLOW_ENCRYPTION_KEY: randomBytes(32).toString('base64') },
  });
  try {
    const [p, e] = (await interleavedRounds([plain, sealed])).map(figuresOf) as [Figures, Figures];
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
    console.log('\n[1/2] building the bench workflows (workflow-world-cloudflare build), starting the worlds…');
    await buildBenchWorker(temp);
    const drivers: WorkflowDriver[] = [];
    try {
      drivers.push(await startLocalDriver(temp));
      if (!flags['skip-postgres']) {
        // A column that cannot start is left out, saying why; the other worlds still run.
        const postgres = await startPostgresDriver(temp)
          .catch((error: unknown) => ({ skipped: `it failed to start: ${error instanceof Error ? error.message : String(error)}` }));
        if ('skipped' in postgres) console.log(`  world-postgres: skipped, ${postgres.skipped}`);
        else drivers.push(postgres);
      }
      const ours = await startCloudflareDriver({ persistTo: temp.make('bench-workflows-state-'), pollMs });
      drivers.push(ours);
      const samples = await interleavedRounds(drivers);
      let long: LongRun | undefined;
      let crowd: Crowd | undefined;
      if (!flags['skip-long']) {
        console.log('  seq(1000) on ours…');
        long = await runSeq1000(ours);
        console.log(`  ${crowdSize} concurrent seq(5) on ours…`);
        crowd = await runCrowd(ours, crowdSize);
      }
      const columns = drivers.map((d, i): Column => ({ name: d.name, figures: figuresOf(samples[i] as RoundSamples) }));
      printWorkflows(columns.slice(0, -1), (columns.at(-1) as Column).figures, long, crowd);
    } finally {
      for (const driver of drivers.reverse()) await driver.close();
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
