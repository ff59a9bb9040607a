#!/usr/bin/env node
/**
 * @module
 * `workflow-world-cloudflare-build [--cwd DIR] [--dir DIR]... [--out DIR]`: builds a DevKit app's
 * workflows, steps and webhook handlers for Workers (see `buildWorkflows`).
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildWorkflows } from './build-workflows.js';
import { WorkflowBuildError } from './errors.js';

const USAGE = `Usage: workflow-world-cloudflare-build [--cwd DIR] [--dir DIR]... [--out DIR]
  --cwd  project root (default: current directory)
  --dir  directory with workflow/step code, repeatable (default: the whole project)
  --out  output directory (default: .workflow-cloudflare)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      cwd: { type: 'string' },
      dir: { type: 'string', multiple: true },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const result = await buildWorkflows({
    workingDir: values.cwd ?? process.cwd(),
    dirs: values.dir && values.dir.length > 0 ? values.dir : ['.'],
    outDir: values.out ?? '.workflow-cloudflare',
  });
  const show = (file: string) => `./${relative(process.cwd(), file)}`;
  console.log(
    `Built ${result.workflowIds.length} workflow(s), ${result.stepIds.length} step(s) into ${show(result.outDir)}\n` +
      `  wrangler alias: "node:vm": "${show(result.files.nodeVm)}" (path relative to the wrangler config)\n` +
      `  Worker import:  ${show(result.files.handlers)} (handleFlow, handleStep, handleWebhook)`,
  );
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    if (WorkflowBuildError.is(error)) console.error(`workflow-world-cloudflare-build: ${error.code}: ${error.message}`);
    else if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) console.error(`${(error as Error).message}\n${USAGE}`);
    else console.error(error);
    process.exitCode = 1;
  },
);
