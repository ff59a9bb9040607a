/**
 * A user's app outside the workspace: copied into a temp dir, our packages taken from the tarballs (everything
 * else from the npm registry), installed with plain npm, then driven with the app's own bins.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { OFFLINE_ENV as E2E_OFFLINE_ENV } from 'e2e/src/offline-env.ts';
import { npmUserEnv } from './npm-env.js';
import type { Tarballs } from './pack.js';

/** wrangler stays offline (e2e's `OFFLINE_ENV`); CI=true: it answers its own confirmation prompts. */
export const OFFLINE_ENV = { ...E2E_OFFLINE_ENV, CI: 'true' } as const;

/** A fresh directory outside the workspace (so nothing resolves from the monorepo's node_modules). */
export function tempAppDir(label: string): string {
  return join(mkdtempSync(join(tmpdir(), `wwc-${label}-`)), 'app');
}

/** Copies an app folder, leaving out what a user would not copy (installs, build output, local state). */
export function copyApp(from: string, to: string): void {
  const skip = /(^|\/)(node_modules|\.workflow-cloudflare|\.wrangler|dist|\.turbo|test)(\/|$)|worker-configuration\.d\.ts$/;
  cpSync(from, to, { recursive: true, filter: (source) => !skip.test(source.slice(from.length)) });
}

/** Writes files (path -> text) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

/** Points the app's dependencies on our packages at the tarballs (npm `overrides` for the transitive ones). */
export function useTarballs(dir: string, tarballs: Tarballs): void {
  const file = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Record<string, string> | undefined>;
  const spec = (name: string) => `file:${tarballs[name]}`;
  for (const field of ['dependencies', 'devDependencies'] as const) {
    for (const name of Object.keys(manifest[field] ?? {})) if (tarballs[name]) manifest[field]![name] = spec(name);
  }
  const direct = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
  manifest.overrides = Object.fromEntries(Object.keys(tarballs).filter((n) => !direct.has(n)).map((n) => [n, spec(n)]));
  writeFileSync(file, `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Runs a command in the app (its node_modules/.bin first on PATH); returns stdout, throws with the output. */
export function sh(dir: string, command: string, args: string[], env: Record<string, string> = {}): string {
  try {
    return execFileSync(command, args, {
      cwd: dir,
      encoding: 'utf8',
      stdio: 'pipe',
      env: { ...process.env, ...OFFLINE_ENV, PATH: `${join(dir, 'node_modules/.bin')}:${process.env.PATH ?? ''}`, ...env },
    });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${dir}: ${e.message}\n${e.stdout ?? ''}\n${e.stderr ?? ''}`);
  }
}

/** `npm install` as a user would (plain npm; our packages from the tarballs, the rest from the registry). */
export function npmInstall(dir: string): void {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error'], {
    cwd: dir,
    stdio: 'pipe',
    env: { ...npmUserEnv(process.env), ...OFFLINE_ENV },
  });
}

/** `wrangler deploy --dry-run`: the output wrangler prints (it bundles offline). */
export function deployDryRun(dir: string): string {
  const outdir = mkdtempSync(join(tmpdir(), 'wwc-dry-run-'));
  try {
    return sh(dir, 'npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir]);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Polls `GET path` until `done(json)`, bounded. */
export async function pollJson<T>(url: string, done: (value: T) => boolean, timeoutMs = 120_000, headers: Record<string, string> = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = (await (await fetch(url, { headers })).json()) as T;
    if (done(last)) return last;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not reach the expected state in ${timeoutMs} ms; last: ${JSON.stringify(last)}`);
}
