/**
 * Our World: the bench Worker (app/) under `wrangler dev` — local workerd with real local Durable Objects,
 * D1, R2, KV and Queues — built with `workflow-world-cloudflare build` first. `start()` runs inside the
 * Worker (its route times the call). Completion of many runs is polled from the D1 index, one request for all
 * of them (`POST /ended`), and their views are read once all have ended; a single run is polled directly.
 */
import { join } from 'node:path';
import { isTerminalWorkflowRunStatus } from '@workflow/world';
import { startDevServer } from 'e2e/src/dev-server.ts';
import { buildWorkflows } from 'workflow-world-cloudflare/build';
import { APP_DIR } from './bench-dirs.ts';
import type { TempDirs } from './temp-dirs.ts';
import type { EventTime, RunView, Started, StepTimes, WorkflowDriver } from './workflow-driver.ts';


async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what} -> ${res.status}: ${text.slice(0, 500)}`);
  return JSON.parse(text) as T;
}

/**
 * Builds the bench Worker's workflows (the same CLI a user runs). With `temp`, the cache the builders' SWC
 * plugin leaves under the working directory (this build's and the reference worlds' after it) is removed at
 * the end, when this run made it.
 */
export async function buildBenchWorker(temp?: TempDirs): Promise<void> {
  temp?.removeIfNew(join(process.cwd(), '.swc'));
  await buildWorkflows({ workingDir: APP_DIR, dirs: ['workflows'], outDir: '.workflow-cloudflare' });
}

export async function startCloudflareDriver(options: {
  persistTo: string;
  pollMs: number;
  logFile?: string;
  inspectorPort?: number;
  /** Extra Worker vars (e.g. `WORKFLOW_ENCRYPTION_KEY`), and the name the driver reports. */
  vars?: Record<string, string>;
  name?: string;
}): Promise<WorkflowDriver> {
  const server = await startDevServer({
    persistTo: options.persistTo,
    appDir: APP_DIR,
    ...(options.vars ? { vars: options.vars } : {}),
    readyTimeoutMs: 120_000,
    ...(options.logFile ? { logFile: options.logFile } : {}),
    ...(options.inspectorPort ? { inspectorPort: options.inspectorPort } : {}),
  });
  const url = (path: string) => `${server.url}${path}`;
  return {
    name: options.name ?? 'ours',
    async start(workflow, args) {
      return json<Started>(
        await fetch(url(`/start/${workflow}`), { method: 'POST', body: JSON.stringify(args), headers: { 'content-type': 'application/json' } }),
        `start ${workflow}`,
      );
    },
    async waitAll(runIds, timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      const notFinished = (count: number) =>
        new Error(`ours: ${count} of ${runIds.length} runs not finished after ${timeoutMs} ms\n${server.log().slice(-4000)}`);
      // Many runs at once: ask the index which have ended, slowly, so the polling competes as little as it can
      // with the runs for the isolate (the reference worlds are signalled without polling). The figures come
      // from the runs' own stamps.
      for (let waiting = runIds; runIds.length > 1 && waiting.length > 0; ) {
        const ended = new Set(await json<string[]>(await fetch(url('/ended'), { method: 'POST', body: JSON.stringify(waiting) }), 'ended'));
        waiting = waiting.filter((id) => !ended.has(id));
        if (waiting.length === 0) break;
        if (Date.now() > deadline) throw notFinished(waiting.length);
        await new Promise((r) => setTimeout(r, Math.max(options.pollMs, 250)));
      }
      const done = new Map<string, RunView>();
      while (done.size < runIds.length) {
        const pending = runIds.filter((id) => !done.has(id));
        // Batches keep the URL short; each batch is one request.
        for (let i = 0; i < pending.length; i += 100) {
          const views = await json<RunView[]>(await fetch(url(`/runs?ids=${pending.slice(i, i + 100).join(',')}`)), 'runs');
          for (const v of views) if (isTerminalWorkflowRunStatus(v.status)) done.set(v.runId, v);
        }
        if (done.size === runIds.length) break;
        if (Date.now() > deadline) throw notFinished(runIds.length - done.size);
        await new Promise((r) => setTimeout(r, runIds.length > 1 ? Math.max(options.pollMs, 250) : options.pollMs));
      }
      return runIds.map((id) => done.get(id) as RunView);
    },
    steps: async (runId) => json<StepTimes[]>(await fetch(url(`/runs/${runId}/steps`)), 'steps'),
    waits: async (runId) => json<number[]>(await fetch(url(`/runs/${runId}/waits`)), 'waits'),
    events: async (runId) => json<EventTime[]>(await fetch(url(`/runs/${runId}/events`)), 'events'),
    close: () => server.stop(),
  };
}
