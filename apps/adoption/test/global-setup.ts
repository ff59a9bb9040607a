/** Packs every package once (as the release would), checks the tarballs with publint and attw. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestProject } from 'vitest/node';
import { packAll, type Tarballs } from '../src/pack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    tarballs: Tarballs;
    lint: { name: string; publint: string; attw: string }[];
  }
}

let dir: string | undefined;

const bin = (pkg: string, file: string) => join(dirname(fileURLToPath(import.meta.url)), '../node_modules', pkg, file);

/** Runs a checker; returns its output whatever the exit code (the tests assert on it). */
function run(args: string[]): string {
  try {
    return execFileSync(process.execPath, args, { encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; status?: number };
    return `exit ${e.status}\n${e.stdout ?? ''}${e.stderr ?? ''}`;
  }
}

export function setup(project: TestProject): void {
  dir = mkdtempSync(join(tmpdir(), 'wwc-tarballs-'));
  const tarballs = packAll(dir);
  project.provide('tarballs', tarballs);
  project.provide(
    'lint',
    Object.entries(tarballs).map(([name, file]) => ({
      name,
      publint: run([bin('publint', 'src/cli.js'), 'run', file, '--strict']),
      attw: run([bin('@arethetypeswrong/cli', 'dist/index.js'), file, '--profile', 'esm-only', '--format', 'ascii']),
    })),
  );
}

export function teardown(): void {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
