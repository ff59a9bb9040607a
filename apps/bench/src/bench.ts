/**
 * `pnpm bench`: our World against the DevKit's reference world (`@workflow/world-local` 4.4.1), in one
 * process, offline, loopback only. Prints figures and ratios; asserts nothing.
 *
 *  1. End-to-end latency of the same three-step workflow (apps/example's `processOrder`), run sequentially.
 *  2. Storage write path: sequential step lifecycles through `events.create`, timed per event.
 *
 * Flags: --runs N (30) --warmup N (3) --lifecycles N (200) --poll-ms N (2) --only latency|storage
 */
import { cpus } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { EXAMPLE_DIR } from 'e2e/src/dev-server.ts';
import { benchCloudflareLatency } from './cloudflare-latency.ts';
import type { LatencySample } from './latency.ts';
import { benchLocalLatency } from './local-latency.ts';
import { ms, ratio, row, summarize } from './stats.ts';
import { benchCloudflareStorage } from './storage-cloudflare.ts';
import { benchLocalStorage } from './storage-local.ts';
import type { LifecycleTimings } from './step-lifecycles.ts';
import { createTempDirs } from './temp-dirs.ts';

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const WORKFLOW = 'processOrder';
const workflowArgs = (i: number): unknown[] => [`order-${i}`, 42];

const { values: flags } = parseArgs({
  options: {
    runs: { type: 'string', default: '30' },
    warmup: { type: 'string', default: '3' },
    lifecycles: { type: 'string', default: '200' },
    'poll-ms': { type: 'string', default: '2' },
    only: { type: 'string' },
  },
});

function count(name: string, value: string | undefined, max: number): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw new Error(`--${name} must be an integer in 0..${max}, got ${value}`);
  return n;
}

const runs = count('runs', flags.runs, 1000);
const warmup = count('warmup', flags.warmup, 100);
const lifecycles = count('lifecycles', flags.lifecycles, 10_000);
const pollMs = count('poll-ms', flags['poll-ms'], 1000);
const only = flags.only;
if (only !== undefined && only !== 'latency' && only !== 'storage') throw new Error('--only must be latency or storage');

function printLatency(local: LatencySample[], ours: LatencySample[]): void {
  const keys = ['n', 'p50', 'p95', 'mean', 'min', 'max'] as const;
  const lc = summarize(local.map((s) => s.clientMs));
  const lr = summarize(local.map((s) => s.runMs));
  const oc = summarize(ours.map((s) => s.clientMs));
  const or = summarize(ours.map((s) => s.runMs));
  console.log(`\n1. End-to-end latency: ${WORKFLOW} (3 sequential steps), ${runs} sequential runs after ${warmup} warm-ups`);
  console.log('   client = start until the caller knows it completed; run = the run\'s completedAt - createdAt');
  console.log(row('world-local, client (signal)', lc, keys));
  console.log(row('world-local, run', lr, keys));
  console.log(row(`ours, client (poll every ${pollMs} ms)`, oc, keys));
  console.log(row('ours, run', or, keys));
  console.log(`  ratio world-local / ours (>1: ours faster)`);
  console.log(`    client: p50 ${ratio(lc.p50, oc.p50)}  p95 ${ratio(lc.p95, oc.p95)}  mean ${ratio(lc.mean, oc.mean)}`);
  console.log(`    run:    p50 ${ratio(lr.p50, or.p50)}  p95 ${ratio(lr.p95, or.p95)}  mean ${ratio(lr.mean, or.mean)}`);
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

const temp = createTempDirs();
try {
  console.log(`bench: Node ${process.version}, ${cpus().length} CPU(s), ${cpus()[0]?.model ?? 'unknown CPU'}`);
  if (only !== 'storage') {
    // The DevKit builder's SWC plugin caches under the working directory; drop that cache if it is ours.
    temp.removeIfNew(join(process.cwd(), '.swc'));
    console.log('\n[1/2] world-local: building apps/example workflows with the DevKit builder, running them…');
    const local = await benchLocalLatency({
      dataDir: temp.make('bench-world-local-'),
      outDir: temp.make('.bench-devkit-', PACKAGE_DIR),
      exampleDir: EXAMPLE_DIR,
      workflow: WORKFLOW,
      args: workflowArgs,
      runs,
      warmup,
    });
    console.log('[1/2] ours: apps/example under wrangler dev…');
    const ours = await benchCloudflareLatency({
      persistTo: temp.make('bench-example-state-'),
      workflow: WORKFLOW,
      args: workflowArgs,
      runs,
      warmup,
      pollMs,
    });
    printLatency(local, ours);
  }
  if (only !== 'latency') {
    console.log(`\n[2/2] storage write path: world-local in-process, then ours inside workerd…`);
    const local = await benchLocalStorage(temp.make('bench-world-local-storage-'), lifecycles, 10);
    const ours = await benchCloudflareStorage(temp.make('bench-storage-state-'), lifecycles, 10);
    printStorage(local, ours);
  }
} finally {
  temp.removeAll();
}
