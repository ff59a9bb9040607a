/**
 * Starts apps/example under `wrangler dev` on 127.0.0.1 with a given persistence directory, waits until it
 * answers, and stops it by PID. Everything wrangler prints is kept, so a failure can show the server's log.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OFFLINE_ENV } from './offline-env.ts';

export const EXAMPLE_DIR = join(dirname(fileURLToPath(import.meta.url)), '../../example');

export interface DevServer {
  readonly url: string;
  /** The bearer token of the example's operator routes (`API_TOKEN`). */
  readonly apiToken: string;
  readonly pid: number;
  /** Everything wrangler printed so far (stdout and stderr interleaved). */
  log(): string;
  /** SIGTERM to wrangler's own PID, SIGKILL after 10 s; resolves once it exited. */
  stop(): Promise<void>;
}

export interface DevServerOptions {
  persistTo: string;
  /** The Worker to run (its wrangler.jsonc is there). Default: apps/example. */
  appDir?: string;
  /** Also append everything wrangler prints to this file (tests print it when they fail). */
  logFile?: string;
  /** The port of workerd's inspector (DevTools protocol: CPU profiles); default: a free one. */
  inspectorPort?: number;
  /**
   * Extra `--var KEY:VALUE` pairs. `API_TOKEN` and `WORKFLOW_SIGNING_SECRET` are fresh random values unless
   * given here (pass the same signing secret to a server that takes over persisted runs); `null` leaves a var unset.
   */
  vars?: Record<string, string | null>;
  readyTimeoutMs?: number;
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function wranglerBin(): string {
  const require = createRequire(join(EXAMPLE_DIR, 'package.json'));
  return join(dirname(require.resolve('wrangler/package.json')), 'bin/wrangler.js');
}

/** Applies the app's D1 migrations to the local database under `persistTo` (what `pnpm db:migrate:local` does). */
export function applyMigrations(persistTo: string, appDir: string = EXAMPLE_DIR): void {
  execFileSync(process.execPath, [wranglerBin(), 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo], {
    cwd: appDir,
    // CI=true: wrangler answers its own confirmation prompt.
    env: { ...process.env, ...OFFLINE_ENV, CI: 'true' },
    stdio: 'pipe',
  });
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const appDir = options.appDir ?? EXAMPLE_DIR;
  // As in production: operator routes need a token, deliveries are signed, sandboxes draw keyed randomness.
  const vars: Record<string, string | null> = {
    API_TOKEN: randomBytes(32).toString('hex'),
    WORKFLOW_SIGNING_SECRET: randomBytes(32).toString('hex'),
    ...options.vars,
  };
  applyMigrations(options.persistTo, appDir);
  const port = await freePort();
  const inspectorPort = options.inspectorPort ?? (await freePort());
  const args = [
    wranglerBin(),
    'dev',
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--inspector-port', String(inspectorPort),
    '--persist-to', options.persistTo,
    '--show-interactive-dev-session=false',
    '--log-level', 'info',
    ...Object.entries(vars).flatMap(([k, v]) => (v === null ? [] : ['--var', `${k}:${v}`])),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: appDir,
    env: { ...process.env, ...OFFLINE_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (d: Buffer) => {
    output += d.toString();
    if (options.logFile) appendFileSync(options.logFile, d);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;

  const server: DevServer = {
    url,
    apiToken: vars.API_TOKEN ?? '',
    pid: child.pid ?? -1,
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}:\n${output}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return server;
    } catch (error) {
      // Not listening yet (ECONNREFUSED): keep waiting until the deadline.
      if (!(error instanceof TypeError)) throw error;
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`wrangler dev was not ready within the timeout:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
