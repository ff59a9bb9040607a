/**
 * A reference world in a Node process, the way the DevKit runs one under Node: the bench's workflows are built
 * with the DevKit's own builder; `start()` from `workflow/api` writes the run; the world's queue delivers each
 * flow / step message over HTTP to `/.well-known/workflow/v1/{flow,step}` on a loopback `node:http` server that
 * calls the built handlers. Completion is signalled by the world itself: `events.create` is wrapped, and a
 * terminal run event resolves the run's waiter (no polling). The DevKit keeps one world per process
 * (`setWorld`), so a process runs one such driver.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isTerminalRunEventType, type Storage, type World } from '@workflow/world';
import { setWorld } from 'workflow/runtime';
import { buildDevkitHandlers, type DevkitHandlers } from './devkit-handlers.ts';
import { listEventTimes, listStepTimes, listWaitResumes } from './run-times.ts';
import type { RunView, WorkflowDriver } from './workflow-driver.ts';


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

/** Promises keyed by run id, resolvable before or after someone waits. */
function createCompletionSignal() {
  const entries = new Map<string, { promise: Promise<void>; resolve: () => void }>();
  const entry = (runId: string) => {
    let found = entries.get(runId);
    if (!found) {
      let resolve!: () => void;
      const promise = new Promise<void>((r) => (resolve = r));
      found = { promise, resolve };
      entries.set(runId, found);
    }
    return found;
  };
  return {
    settle: (runId: string) => entry(runId).resolve(),
    ended: (runId: string) => entry(runId).promise,
    forget: (runId: string) => entries.delete(runId),
  };
}

/** A world the driver can run: the DevKit's `World`, with the reference worlds' own start and close. */
export type NodeWorld = World & { start?(): Promise<void>; close?(): Promise<void> };

export interface NodeWorldOptions {
  name: string;
  /** Creates the world once the loopback server listens; `baseUrl` is where its queue must deliver. */
  createWorld(baseUrl: string): NodeWorld | Promise<NodeWorld>;
  /** Where the DevKit's builder writes the handlers (inside this package, see `buildDevkitHandlers`). */
  outDir: string;
  appDir: string;
}

export async function startNodeWorldDriver(options: NodeWorldOptions): Promise<WorkflowDriver> {
  const { name } = options;
  let handlers: DevkitHandlers | undefined;
  const server = createServer((req, res) => {
    serve(() => handlers, req, res).catch((error: unknown) => {
      // Answer 500 like a framework route would; the world logs it and retries the delivery.
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  const port = await listen(server);
  const world = await options.createWorld(`http://127.0.0.1:${port}`);
  await world.start?.();
  const signal = createCompletionSignal();
  const events = world.events;
  const create: Storage['events']['create'] = async (runId: string | null, data: never, params?: never) => {
    const result = await events.create(runId as string, data, params);
    const eventType = result.event?.eventType;
    const id = runId ?? result.run?.runId;
    if (eventType && id && isTerminalRunEventType(eventType)) signal.settle(id);
    return result;
  };
  world.events = { ...events, create };
  setWorld(world);
  handlers = await buildDevkitHandlers({ workingDir: options.appDir, dirs: ['workflows'], outDir: options.outDir });
  const workflowIds = handlers.workflowIds;
  const { start, getRun } = await import('workflow/api');

  return {
    name,
    async start(workflow, args) {
      const workflowId = workflowIds[workflow];
      if (!workflowId) throw new Error(`${name}: no workflow "${workflow}" in the DevKit build`);
      const t0 = Date.now();
      const run = await start({ workflowId } as never, args);
      return { runId: run.runId, t0, startMs: Date.now() - t0 };
    },
    async waitAll(runIds, timeoutMs) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`${name}: runs not finished after ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([Promise.all(runIds.map((id) => signal.ended(id))), timeout]);
      } finally {
        clearTimeout(timer);
      }
      return Promise.all(
        runIds.map(async (runId): Promise<RunView> => {
          signal.forget(runId);
          const run = await world.runs.get(runId, { resolveData: 'none' });
          const output = run.status === 'completed' ? await getRun(runId).returnValue : undefined;
          return { runId, status: run.status, createdAt: run.createdAt.getTime(), completedAt: run.completedAt?.getTime() ?? null, output };
        }),
      );
    },
    steps: (runId) => listStepTimes(world.steps, runId),
    waits: (runId) => listWaitResumes(world.events, runId),
    events: (runId) => listEventTimes(world.events, runId),
    async close() {
      await world.close?.();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
