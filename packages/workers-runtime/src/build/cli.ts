#!/usr/bin/env node
/**
 * @module
 * `workflow-world-cloudflare-build [--cwd DIR] [--dir DIR]... [--out DIR]`: builds a DevKit app's
 * workflows, steps and webhook handlers for Workers (see `buildWorkflows`).
 */
import { runBuildCli } from './run-build-cli.js';

runBuildCli(process.argv.slice(2), { command: 'workflow-world-cloudflare-build' }).then((code) => {
  process.exitCode = code;
});
