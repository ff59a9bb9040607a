#!/usr/bin/env node
/**
 * @module
 * `workflow-world-cloudflare build [--cwd DIR] [--dir DIR]... [--out DIR]`: the one build step a Worker needs
 * before `wrangler dev` / `wrangler deploy` (use it as wrangler's `build.command`).
 */
import { runBuildCli } from '@workflow-world-cloudflare/workers-runtime/build';
import { RUNTIME_IMPORT, VM_IMPORT } from './index.js';

const USAGE = 'Usage: workflow-world-cloudflare build [--cwd DIR] [--dir DIR]... [--out DIR]';

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'build') {
    console.error(command === undefined ? USAGE : `Unknown command "${command}".\n${USAGE}`);
    return command === '--help' || command === '-h' ? 0 : 1;
  }
  return runBuildCli(rest, { command: 'workflow-world-cloudflare build', runtimeImport: RUNTIME_IMPORT, vmImport: VM_IMPORT });
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
