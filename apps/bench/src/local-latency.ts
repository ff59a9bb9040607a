/**
 * End-to-end latency on the reference world: `@workflow/world-local` 4.4.1 in this process, the way the
 * DevKit runs it under Node. `start()` from `workflow/api` writes the run; world-local's queue delivers each
 * flow / step message over HTTP to `/.well-known/workflow/v1/{flow,step}` on a loopback `node:http` server
 * that calls the DevKit-built handlers. Completion is signalled by the world itself: `events.create` is
 * wrapped, and the `run_completed` write resolves the run's waiter (no polling).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Storage } from '@workflow/world';
import { createLocalWorld, type LocalWorld } from '@workflow/world-local';
import { setWorld } from 'workflow/runtime';
import { buildDevkitHandlers, type DevkitHandlers } from './devkit-handlers.ts';
import type { LatencySample } from './latency.ts';

const TERMINAL_EVENTS = new Set(['run_completed', 'run_failed', 'run_cancelled']);
const RUN_TIMEOUT_MS = 30_000;

/** Node request -> Fetch `Request` -> DevKit handler -> Node response. */
async function serve(handlers: () => DevkitHandlers | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const loaded = handlers();
  const handler = url.pathname.endsWith('/flow') ? loaded?.flow : url.pathname.endsWith('/step') ? loaded?.step : undefined;
  if (!handler) {
    res.writeHead(404).end();
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const response = await handler(new Request(url, { method: req.method ?? 'POST', headers, body: Buffer.concat(chunks) }));
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

/** Waiters keyed by run id, resolvable before or after someone waits. */
function createCompletionSignal() {
  const waiters = new Map<string, { promise: Promise<string>; resolve: (eventType: string) => void }>();
  const entry = (runId: string) => {
    let found = waiters.get(runId);
    if (!found) {
      let resolve!: (eventType: string) => void;
      const promise = new Promise<string>((r) => (resolve = r));
      found = { promise, resolve };
      waiters.set(runId, found);
    }
    return found;
  };
  return {
    settle: (runId: string, eventType: string) => entry(runId).resolve(eventType),
    async wait(runId: string): Promise<string> {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`world-local: run ${runId} did not finish in ${RUN_TIMEOUT_MS} ms`)), RUN_TIMEOUT_MS);
      });
      try {
        return await Promise.race([entry(runId).promise, timeout]);
      } finally {
        clearTimeout(timer);
        waiters.delete(runId);
      }
    },
  };
}

export interface LocalLatencyOptions {
  dataDir: string;
  /** Build output for the DevKit handlers: inside this package (module resolution). */
  outDir: string;
  exampleDir: string;
  workflow: string;
  args: (i: number) => unknown[];
  runs: number;
  warmup: number;
}

/** Runs `warmup + runs` sequential workflows on world-local; returns the timed ones. */
export async function benchLocalLatency(options: LocalLatencyOptions): Promise<LatencySample[]> {
  let handlers: DevkitHandlers | undefined;
  const server = createServer((req, res) => {
    serve(() => handlers, req, res).catch((error: unknown) => {
      // Answer 500 like a framework route would; world-local logs it and retries the delivery.
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  const port = await listen(server);
  let world: LocalWorld | undefined;
  try {
    world = createLocalWorld({ dataDir: options.dataDir, baseUrl: `http://127.0.0.1:${port}`, recoverActiveRuns: false });
    await world.start?.();
    const signal = createCompletionSignal();
    const events = world.events;
    const create: Storage['events']['create'] = async (runId: string | null, data: never, params?: never) => {
      const result = await events.create(runId as string, data, params);
      const eventType = result.event?.eventType;
      const id = runId ?? result.run?.runId;
      if (eventType && id && TERMINAL_EVENTS.has(eventType)) signal.settle(id, eventType);
      return result;
    };
    world.events = { ...events, create };
    setWorld(world);
    handlers = await buildDevkitHandlers({ workingDir: options.exampleDir, dirs: ['src/workflows'], outDir: options.outDir });
    const workflowId = handlers.workflowIds[options.workflow];
    if (!workflowId) throw new Error(`world-local: no workflow "${options.workflow}" in the DevKit build`);

    const { start } = await import('workflow/api');
    const samples: LatencySample[] = [];
    for (let i = 0; i < options.warmup + options.runs; i++) {
      const t0 = performance.now();
      const run = await start({ workflowId } as never, options.args(i));
      const outcome = await signal.wait(run.runId);
      const clientMs = performance.now() - t0;
      const entity = await world.runs.get(run.runId, { resolveData: 'none' });
      if (outcome !== 'run_completed' || entity.status !== 'completed' || !entity.completedAt) {
        throw new Error(`world-local: run ${run.runId} ended ${entity.status}: ${JSON.stringify(entity.error)}`);
      }
      if (i >= options.warmup) samples.push({ clientMs, runMs: entity.completedAt.getTime() - entity.createdAt.getTime() });
    }
    return samples;
  } finally {
    await world?.close?.();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
