/**
 * `wrangler dev` (or `vite dev`) of an app outside the workspace, with the app's own wrangler, vite and bins (its
 * build.command runs `npx workflow-world-cloudflare build`). Stopped by PID; everything printed is kept for failures.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from 'e2e/src/dev-server.ts';
import { OFFLINE_ENV } from './app.js';

export interface WranglerDev {
  readonly url: string;
  /** Everything wrangler printed so far. */
  log(): string;
  /** SIGTERM to wrangler's own PID, SIGKILL after 10 s. */
  stop(): Promise<void>;
}

/**
 * Starts `wrangler dev` (or, with `vite`, `vite dev` and its Cloudflare plugin) in `dir` on 127.0.0.1 (local state
 * under `dir/.wrangler/state`, where `npm run db:migrate:local` put the migrations) and resolves once the Worker
 * answers any HTTP request.
 */
export async function startWranglerDev(dir: string, { vite = false, timeoutMs = 240_000 } = {}): Promise<WranglerDev> {
  const port = await freePort();
  const args = vite
    ? [join(dir, 'node_modules/vite/bin/vite.js'), 'dev', '--host', '127.0.0.1', '--port', String(port), '--strictPort']
    : [
        join(dir, 'node_modules/wrangler/bin/wrangler.js'),
        'dev',
        '--ip',
        '127.0.0.1',
        '--port',
        String(port),
        '--inspector-port',
        String(await freePort()),
        '--show-interactive-dev-session=false',
      ];
  const child: ChildProcess = spawn(
    process.execPath,
    args,
    { cwd: dir, env: { ...process.env, ...OFFLINE_ENV, PATH: `${join(dir, 'node_modules/.bin')}:${process.env.PATH ?? ''}` }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: WranglerDev = {
    url: `http://127.0.0.1:${port}`,
    log: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`wrangler dev exited with code ${child.exitCode}:\n${output}`);
    try {
      await (await fetch(`${server.url}/__ready`)).body?.cancel();
      return server;
    } catch (error) {
      // Not listening yet (ECONNREFUSED): keep waiting.
      if (!(error instanceof TypeError)) throw error;
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`wrangler dev was not ready within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
