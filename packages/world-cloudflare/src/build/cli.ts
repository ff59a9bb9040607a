#!/usr/bin/env node
/**
 * @module
 * `workflow-world-cloudflare build [--dir DIR]... [--entry FILE] [--out DIR] [--cwd DIR]`: the one build step
 * a Worker needs before `wrangler dev` / `wrangler deploy` (wire it as wrangler's `build.command`).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildUsage, runBuildCli } from '@workflow-world-cloudflare/workers-runtime/build';
import { copyMigrations } from './copy-migrations.js';
import { INSTALL_IMPORT, RUNTIME_IMPORT, VM_IMPORT } from './index.js';

const COMMAND = 'workflow-world-cloudflare';
const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
const USAGE = `Usage: ${COMMAND} <command> [options]

Commands:
  build        build the app's workflows for Workers (wrangler's build.command runs it before dev / deploy)
  migrations   copy the World's D1 migrations into your migrations directory (default: migrations)

${buildUsage(`${COMMAND} build`)}

Usage: ${COMMAND} migrations [--out DIR]
  --out  wrangler's migrations_dir for the DB binding (default: migrations)`;

async function migrations(argv: string[]): Promise<number> {
  let out: string | undefined;
  try {
    ({ out } = parseArgs({ args: argv, options: { out: { type: 'string' } }, strict: true }).values);
  } catch (error) {
    console.error(`${COMMAND} migrations: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  try {
    const result = await copyMigrations({ to: out ?? 'migrations' });
    const where = `./${relative(process.cwd(), result.dir)}`;
    console.log(
      result.copied.length > 0
        ? `Copied ${result.copied.join(', ')} into ${where}`
        : `${where} already has the World's ${result.upToDate.length} migration(s)`,
    );
    return 0;
  } catch (error) {
    console.error(`${COMMAND} migrations: ${(error as Error).message}`);
    return 1;
  }
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    console.error(USAGE);
    return 2;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (command === '--version' || command === '-v') {
    console.log(version);
    return 0;
  }
  if (command === 'migrations') return migrations(rest);
  if (command !== 'build') {
    console.error(`${COMMAND}: unknown command "${command}".\n\n${USAGE}`);
    return 2;
  }
  return runBuildCli(rest, {
    command: `${COMMAND} build`,
    runtimeImport: RUNTIME_IMPORT,
    vmImport: VM_IMPORT,
    installImport: INSTALL_IMPORT,
    version,
  });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
