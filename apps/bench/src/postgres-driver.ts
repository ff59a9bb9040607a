/**
 * The DevKit's other reference world, `@workflow/world-postgres` 4.3.7, run as the DevKit runs it under Node
 * (its Graphile Worker queue delivering to a loopback server), against a throwaway local PostgreSQL. It runs in
 * a child process (`postgres-child.ts`; the DevKit keeps one world per process); this is the parent's side of
 * the driver, forwarding each call over IPC. Times come from the world's own stamps and from the child's clock
 * around `start()`, so the hop adds nothing to the figures.
 */
import { type ChildProcess, execFileSync, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { APP_DIR, devkitOutDir } from './bench-dirs.ts';
import type { DriverAnswer, DriverCall } from './postgres-protocol.ts';
import { startPostgresServer } from './postgres-server.ts';
import type { TempDirs } from './temp-dirs.ts';
import type { WorkflowDriver } from './workflow-driver.ts';

const CHILD = fileURLToPath(new URL('./postgres-child.ts', import.meta.url));
/** world-postgres's own schema set-up (its `bootstrap` bin): Drizzle migrations, then Graphile Worker's. */
const SETUP = fileURLToPath(new URL('../bin/setup.js', import.meta.resolve('@workflow/world-postgres')));

/** Starts PostgreSQL and the child; resolves to why the column is skipped when the machine has no server. */
export async function startPostgresDriver(temp: TempDirs): Promise<WorkflowDriver | { skipped: string }> {
  const server = await startPostgresServer(temp);
  if ('skipped' in server) return server;
  let child: ChildProcess | undefined;
  try {
    execFileSync(process.execPath, [SETUP], { env: { ...process.env, WORKFLOW_POSTGRES_URL: server.url }, stdio: ['ignore', 'ignore', 'inherit'] });
    child = fork(CHILD, [], {
      env: { ...process.env, BENCH_POSTGRES_URL: server.url, BENCH_OUT_DIR: devkitOutDir(temp), BENCH_APP_DIR: APP_DIR },
      serialization: 'advanced',
    });
    return await connect(child, server.stop);
  } catch (error) {
    child?.kill('SIGKILL');
    await server.stop();
    throw error;
  }
}

function connect(child: ChildProcess, stopServer: () => Promise<void>): Promise<WorkflowDriver> {
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  child.on('message', (answer: DriverAnswer) => {
    const waiter = pending.get(answer.id);
    pending.delete(answer.id);
    if (answer.ok) waiter?.resolve(answer.value);
    else waiter?.reject(new Error(`world-postgres: ${answer.error}`));
  });
  // When the process ends, every call still waiting fails with it (the first one included: it never got ready).
  const exited = new Promise<void>((resolve) =>
    child.once('exit', (code) => {
      for (const waiter of pending.values()) waiter.reject(new Error(`world-postgres: its process exited (${code})`));
      pending.clear();
      resolve();
    }),
  );
  const call = <T>(op: DriverCall['op'], ...args: unknown[]): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      child.send({ id, op, args } satisfies DriverCall);
    });
  const driver: WorkflowDriver = {
    name: 'world-postgres',
    start: (workflow, args) => call('start', workflow, args),
    waitAll: (runIds, timeoutMs) => call('waitAll', runIds, timeoutMs),
    steps: (runId) => call('steps', runId),
    waits: (runId) => call('waits', runId),
    events: (runId) => call('events', runId),
    async close() {
      try {
        await call('close');
      } finally {
        child.kill('SIGTERM');
        await exited;
        await stopServer();
      }
    },
  };
  // The child's first message (id 0) says its handlers are built and its world started.
  return new Promise((resolve, reject) => {
    pending.set(0, { resolve: () => resolve(driver), reject });
  });
}
