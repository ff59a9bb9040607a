/**
 * Storage write path on our World: the bench Worker (worker/) started with wrangler's `unstable_startWorker`
 * on local workerd (real local Durable Objects, D1, R2, KV), its D1 migrations applied first with the wrangler
 * CLI. The loop runs inside the Worker; Node only collects the timings.
 */
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OFFLINE_ENV } from 'e2e/src/offline-env.ts';
import { unstable_startWorker } from 'wrangler';
import type { LifecycleTimings } from './step-lifecycles.ts';

const WORKER_CONFIG = fileURLToPath(new URL('../worker/wrangler.jsonc', import.meta.url));

function wranglerBin(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve('wrangler/package.json')), 'bin/wrangler.js');
}

/** Applies the World's D1 migrations to the bench Worker's local database under `persistTo`. */
function applyMigrations(persistTo: string): void {
  execFileSync(
    process.execPath,
    [wranglerBin(), 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', persistTo, '--config', WORKER_CONFIG],
    // CI=true: wrangler answers its own confirmation prompt.
    { env: { ...process.env, ...OFFLINE_ENV, CI: 'true' }, stdio: 'pipe' },
  );
}

/** Starts the bench Worker (its D1 migrated) on `persistTo`, hands its URL to `use`, stops it. */
export async function withBenchWorker<T>(persistTo: string, use: (url: URL) => Promise<T>): Promise<T> {
  Object.assign(process.env, OFFLINE_ENV);
  applyMigrations(persistTo);
  const worker = await unstable_startWorker({
    config: WORKER_CONFIG,
    dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, persist: persistTo, logLevel: 'warn' },
  });
  try {
    await worker.ready;
    return await use(await worker.url);
  } finally {
    await worker.dispose();
  }
}

/** POSTs to the bench Worker and answers its JSON. */
export async function postJson<T>(base: URL, path: string): Promise<T> {
  const res = await fetch(new URL(path, base), { method: 'POST' });
  if (!res.ok) throw new Error(`bench Worker answered ${res.status} to ${path}: ${await res.text()}`);
  return (await res.json()) as T;
}

/** Runs the storage workload inside the bench Worker. */
export function benchCloudflareStorage(persistTo: string, count: number, warmup: number): Promise<LifecycleTimings> {
  return withBenchWorker(persistTo, (url) => postJson<LifecycleTimings>(url, `/lifecycles?count=${count}&warmup=${warmup}`));
}
