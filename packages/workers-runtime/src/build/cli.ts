#!/usr/bin/env node
/**
 * @module
 * `workflow-world-cloudflare-build [--dir DIR]... [--entry FILE] [--out DIR] [--cwd DIR]`: builds a DevKit
 * app's workflows, steps and webhook handlers for Workers (see `buildWorkflows`).
 */
import { readFileSync } from 'node:fs';
import { runBuildCli } from './run-build-cli.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

runBuildCli(process.argv.slice(2), { command: 'workflow-world-cloudflare-build', version }).then((code) => {
  process.exitCode = code;
});
