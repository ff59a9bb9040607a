/**
 * End-to-end latency on our World: apps/example under `wrangler dev` (local workerd with real local Durable
 * Objects, D1, R2, KV, Queues), started through the e2e harness. Each run is `POST /runs/:workflow`, then
 * `GET /runs/:runId` back to back (a short pause between polls) until the run is terminal: the example has no
 * completion push, so the client-side figure carries up to one poll interval plus one request of slack.
 */
import { createClient, isTerminal, type RunView } from 'e2e/src/client.ts';
import { startDevServer } from 'e2e/src/dev-server.ts';
import type { LatencySample } from './latency.ts';

const RUN_TIMEOUT_MS = 30_000;

export interface CloudflareLatencyOptions {
  persistTo: string;
  workflow: string;
  args: (i: number) => unknown[];
  runs: number;
  warmup: number;
  /** Pause between two polls of the run. */
  pollMs: number;
}

async function waitTerminal(client: ReturnType<typeof createClient>, runId: string, pollMs: number): Promise<RunView> {
  const deadline = performance.now() + RUN_TIMEOUT_MS;
  for (;;) {
    const view = await client.run(runId);
    if (isTerminal(view)) return view;
    if (performance.now() > deadline) throw new Error(`run ${runId} did not finish in ${RUN_TIMEOUT_MS} ms: ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** Runs `warmup + runs` sequential workflows on apps/example; returns the timed ones. Stops wrangler after. */
export async function benchCloudflareLatency(options: CloudflareLatencyOptions): Promise<LatencySample[]> {
  const server = await startDevServer({ persistTo: options.persistTo });
  try {
    const client = createClient(server.url);
    const samples: LatencySample[] = [];
    for (let i = 0; i < options.warmup + options.runs; i++) {
      const t0 = performance.now();
      const runId = await client.start(options.workflow, options.args(i));
      const view = await waitTerminal(client, runId, options.pollMs);
      const clientMs = performance.now() - t0;
      if (view.status !== 'completed' || !view.completedAt) {
        throw new Error(`run ${runId} ended ${view.status}: ${JSON.stringify(view.error)}\n${server.log()}`);
      }
      if (i >= options.warmup) samples.push({ clientMs, runMs: Date.parse(view.completedAt) - Date.parse(view.createdAt) });
    }
    return samples;
  } finally {
    await server.stop();
  }
}
