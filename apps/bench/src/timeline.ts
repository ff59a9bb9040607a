/**
 * `pnpm --filter bench timeline`: where the time from `start()` to the first step body goes, on our Worker and on
 * world-local. `ttfs` (one `stamp()` step) runs one run at a time, the worlds taking turns; for each figure, the
 * median over the runs of the time from just before `start()` to that moment: `start()`'s return, the step
 * body's `Date.now()`, and the `createdAt` of each of the run's events. Prints figures; asserts nothing.
 *
 * Flags: --runs N (30 per world)
 *
 * Each world stamps with its own process's clock, the one `start()` was timed with. In workerd the clock only
 * advances between I/O, so our figures are whole milliseconds.
 */
import { parseArgs } from 'node:util';
import { buildBenchWorker, startCloudflareDriver } from './cloudflare-driver.ts';
import { startLocalDriver } from './local-driver.ts';
import { createTempDirs } from './temp-dirs.ts';
import type { WorkflowDriver } from './workflow-driver.ts';

const { values: flags } = parseArgs({ options: { runs: { type: 'string', default: '30' } } });
const runs = Number(flags.runs);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

/** Figure name -> one sample (ms after just before `start()`) per run. */
type Timeline = Map<string, number[]>;

async function oneRun(driver: WorkflowDriver, into: Timeline): Promise<void> {
  const started = await driver.start('ttfs', []);
  const [view] = await driver.waitAll([started.runId], 60_000);
  const add = (figure: string, ms: number) => into.set(figure, [...(into.get(figure) ?? []), ms]);
  add('start() returned', started.startMs);
  add('step body ran', (view?.output as number) - started.t0);
  const seen = new Set<string>();
  for (const event of await driver.events(started.runId)) {
    // One figure per event type: the first of each (a ttfs run has one of each).
    if (seen.has(event.eventType)) continue;
    seen.add(event.eventType);
    add(event.eventType, event.createdAt - started.t0);
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

const temp = createTempDirs();
const drivers: WorkflowDriver[] = [];
try {
  await buildBenchWorker(temp);
  drivers.push(await startLocalDriver(temp));
  drivers.push(await startCloudflareDriver({ persistTo: temp.make('bench-timeline-state-'), pollMs: 50 }));
  const timelines = drivers.map((): Timeline => new Map());
  // A first run each warms the process and its bundle; it is not counted.
  for (const driver of drivers) await oneRun(driver, new Map());
  for (let i = 0; i < runs; i++) for (const [d, driver] of drivers.entries()) await oneRun(driver, timelines[d] as Timeline);
  console.log(`\nttfs, ${runs} runs per world, one at a time: median ms after just before start()`);
  console.log(`  ${'moment'.padEnd(20)}${drivers.map((d) => d.name.padStart(14)).join('')}`);
  const figures = [...new Set(timelines.flatMap((t) => [...t.keys()]))];
  const at = (t: Timeline, f: string) => (t.has(f) ? median(t.get(f) as number[]) : Number.NaN);
  figures.sort((a, b) => at(timelines.at(-1) as Timeline, a) - at(timelines.at(-1) as Timeline, b));
  for (const figure of figures) {
    console.log(`  ${figure.padEnd(20)}${timelines.map((t) => (t.has(figure) ? at(t, figure).toFixed(1) : '-').padStart(14)).join('')}`);
  }
} finally {
  for (const driver of drivers.reverse()) await driver.close();
  temp.removeAll();
}
