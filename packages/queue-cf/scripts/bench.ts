/**
 * `pnpm bench`: 200 sequential zero-delay hops on local workerd, (a) plain Cloudflare Queues delivery,
 * (b) queue-cf's fast path (coordinator round trip + in-process dispatch) and (c) queue-cf's Queue consumer
 * path (coordinator, Queues, claim, settle). Prints p50 / p99 and the (a)/(b) ratio, then stops the worker.
 */
import { fileURLToPath } from 'node:url';
import { unstable_startWorker } from 'wrangler';

const HOPS = 200;
const config = fileURLToPath(new URL('./bench.wrangler.jsonc', import.meta.url));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function measure(base: URL, mode: 'plain' | 'world' | 'world-queue'): Promise<{ p50: number; p99: number }> {
  const start = await fetch(new URL(`/start?mode=${mode}&n=${HOPS}`, base));
  if (!start.ok) throw new Error(`start ${mode}: ${start.status} ${await start.text()}`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    const hops = (await (await fetch(new URL(`/results?mode=${mode}`, base))).json()) as number[];
    if (hops.length >= HOPS) {
      const sorted = [...hops].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
    }
    if (Date.now() > deadline) throw new Error(`${mode}: only ${hops.length}/${HOPS} hops after 120 s`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const worker = await unstable_startWorker({
  config,
  dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, persist: false },
});
try {
  await worker.ready;
  const base = await worker.url;
  const plain = await measure(base, 'plain');
  const world = await measure(base, 'world');
  const viaQueue = await measure(base, 'world-queue');
  const f = (n: number) => `${n.toFixed(2)} ms`;
  console.log(`${HOPS} sequential zero-delay hops on local workerd`);
  console.log(`(a) plain Queues (max_batch_size 1, max_batch_timeout 0): p50 ${f(plain.p50)}  p99 ${f(plain.p99)}`);
  console.log(`(b) queue-cf (coordinator + in-process dispatch):         p50 ${f(world.p50)}  p99 ${f(world.p99)}`);
  console.log(`(c) queue-cf consumer path (fastPath: false, via Queues):  p50 ${f(viaQueue.p50)}  p99 ${f(viaQueue.p99)}`);
  console.log(`ratio (a)/(b): p50 ${(plain.p50 / world.p50).toFixed(1)}x  p99 ${(plain.p99 / world.p99).toFixed(1)}x`);
  console.log(`target p50 <= 5 ms for (b): ${world.p50 <= 5 ? 'met' : 'NOT met'}`);
} finally {
  await worker.dispose();
}
