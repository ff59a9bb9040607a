/**
 * A throwaway PostgreSQL server for the world-postgres column: `initdb` into a temporary directory, `postgres`
 * on a free loopback port, stopped and removed at the end. Uses the machine's PostgreSQL server binaries
 * (Debian: `apt install postgresql`; `PG_BIN` names another directory); without them the column is skipped.
 * The server keeps PostgreSQL's defaults (`fsync` on), as a user's would. PostgreSQL refuses to run as root, so
 * under root it runs as the `postgres` system user the Debian package creates.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from 'e2e/src/dev-server.ts';
import type { TempDirs } from './temp-dirs.ts';

export interface PostgresServer {
  /** `postgres://…` for the server's `postgres` database, as the trusted superuser `world`. */
  url: string;
  stop(): Promise<void>;
}

const READY_TIMEOUT_MS = 60_000;

/** The directory holding `initdb` and `postgres`, or why there is none. */
function findBinDir(): string | { skipped: string } {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // No pg_config: look where Debian installs the server.
  }
  const debian = '/usr/lib/postgresql';
  if (existsSync(debian)) {
    const versions = readdirSync(debian).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map((v) => join(debian, v, 'bin')));
  }
  const found = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'postgres')));
  return found ?? { skipped: 'no PostgreSQL server binaries (Debian: apt install postgresql; or set PG_BIN)' };
}

/** How to run a server binary: as the `postgres` user when this process is root. */
function runner(): { wrap(bin: string, args: string[]): [string, string[]]; owner?: { uid: number; gid: number } } | { skipped: string } {
  if (process.getuid?.() !== 0) return { wrap: (bin, args) => [bin, args] };
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { wrap: (bin, args) => ['runuser', ['-u', 'postgres', '--', bin, ...args]], owner: { uid, gid } };
  } catch {
    return { skipped: 'running as root and there is no postgres user to run PostgreSQL as' };
  }
}

export async function startPostgresServer(temp: TempDirs): Promise<PostgresServer | { skipped: string }> {
  const binDir = findBinDir();
  if (typeof binDir !== 'string') return binDir;
  const run = runner();
  if ('skipped' in run) return run;
  const root = temp.make('bench-postgres-');
  const dataDir = join(root, 'data');
  if (run.owner) chownSync(root, run.owner.uid, run.owner.gid);
  const [initdb, initArgs] = run.wrap(join(binDir, 'initdb'), ['-D', dataDir, '-A', 'trust', '-U', 'world', '--no-sync']);
  execFileSync(initdb, initArgs, { stdio: ['ignore', 'ignore', 'pipe'] });
  const port = await freePort();
  const [postgres, args] = run.wrap(join(binDir, 'postgres'), ['-D', dataDir, '-p', String(port), '-k', root, '-c', 'listen_addresses=127.0.0.1']);
  const child: ChildProcess = spawn(postgres, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4_000);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const [pgCtl, stopArgs] = run.wrap(join(binDir, 'pg_ctl'), ['stop', '-D', dataDir, '-m', 'fast', '--no-wait']);
  const stop = async (): Promise<void> => {
    // pg_ctl signals the server itself (`runuser` would not pass a signal on): a fast shutdown ends the
    // sessions without waiting for clients.
    if (child.exitCode === null) {
      try {
        execFileSync(pgCtl, stopArgs, { stdio: 'ignore' });
      } catch {
        child.kill('SIGKILL'); // No postmaster.pid yet: the server never came up.
      }
    }
    await exited;
  };
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!/ready to accept connections/.test(log)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`PostgreSQL did not start:\n${log}`);
    }
    await sleep(50);
  }
  return { url: `postgres://world@127.0.0.1:${port}/postgres`, stop };
}
