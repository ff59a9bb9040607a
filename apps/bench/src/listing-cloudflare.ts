/**
 * `--only listing`: how `runs.list` (what `workflow web` and `workflow inspect runs` page through) scales with
 * the number of runs in D1. The same queries are timed inside the bench Worker at 1,000 runs (the reference)
 * and again after the index has grown to 100,000, in one invocation; the figure is the ratio.
 */
import type { ListingTimings } from './listing-timings.ts';
import { median, ms } from './stats.ts';
import { postJson, withBenchWorker } from './storage-cloudflare.ts';

const SEED_PER_CALL = 10_000;

export async function benchListing(persistTo: string, small: number, large: number, reps: number): Promise<void> {
  await withBenchWorker(persistTo, async (url) => {
    const seed = async (from: number, to: number) => {
      for (let at = from; at < to; at += SEED_PER_CALL) await postJson(url, `/listing/seed?from=${at}&to=${Math.min(to, at + SEED_PER_CALL)}`);
    };
    console.log(`  seeding ${small.toLocaleString('en-US')} runs into D1…`);
    await seed(0, small);
    const atSmall = await postJson<ListingTimings>(url, `/listing/time?reps=${reps}`);
    const t0 = performance.now();
    console.log(`  seeding up to ${large.toLocaleString('en-US')} runs…`);
    await seed(small, large);
    console.log(`  (seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s)`);
    const atLarge = await postJson<ListingTimings>(url, `/listing/time?reps=${reps}`);
    const head = (label: string) => label.padEnd(44);
    console.log(`\nruns.list inside workerd, local D1, median of ${reps} (the web UI's queries; resolveData 'none')`);
    console.log(`${head('query')}${`${small.toLocaleString('en-US')} runs`.padStart(12)}${`${large.toLocaleString('en-US')} runs`.padStart(14)}${'ratio'.padStart(8)}`);
    for (const label of Object.keys(atSmall)) {
      const a = median(atSmall[label] ?? []);
      const b = median(atLarge[label] ?? []);
      console.log(`${head(label)}${ms(a).padStart(12)}${ms(b).padStart(14)}${`${(b / a).toFixed(2)}×`.padStart(8)}`);
    }
  });
}
