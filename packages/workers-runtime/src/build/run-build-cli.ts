/**
 * The build command's argument handling, shared by this package's bin and the umbrella's
 * `workflow-world-cloudflare build` (which only changes the import specifiers and the name it prints).
 */
import { relative } from 'node:path';
import { parseArgs } from 'node:util';
import { buildWorkflows } from './build-workflows.js';
import { WorkflowBuildError } from './errors.js';

export interface BuildCliDefaults {
  /** Command name for usage and error lines. */
  command: string;
  runtimeImport?: string;
  vmImport?: string;
}

const usage = (command: string) => `Usage: ${command} [--cwd DIR] [--dir DIR]... [--out DIR]
  --cwd  project root (default: current directory)
  --dir  directory with workflow/step code, repeatable (default: the whole project)
  --out  output directory (default: .workflow-cloudflare)`;

/** Runs the build for `argv` (without the command itself) and returns the process exit code. */
export async function runBuildCli(argv: string[], defaults: BuildCliDefaults): Promise<number> {
  try {
    const { values } = parseArgs({
      args: argv,
      options: {
        cwd: { type: 'string' },
        dir: { type: 'string', multiple: true },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    });
    if (values.help) {
      console.log(usage(defaults.command));
      return 0;
    }
    const result = await buildWorkflows({
      workingDir: values.cwd ?? process.cwd(),
      dirs: values.dir && values.dir.length > 0 ? values.dir : ['.'],
      outDir: values.out ?? '.workflow-cloudflare',
      runtimeImport: defaults.runtimeImport,
      vmImport: defaults.vmImport,
    });
    const show = (file: string) => `./${relative(process.cwd(), file)}`;
    console.log(
      `Built ${result.workflowIds.length} workflow(s), ${result.stepIds.length} step(s) into ${show(result.outDir)}\n` +
        `  wrangler alias: "node:vm": "${show(result.files.nodeVm)}" (path relative to the wrangler config)\n` +
        `  Worker import:  ${show(result.files.handlers)} (workflows, loadHandlers, handleFlow, handleStep, handleWebhook)`,
    );
    return 0;
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (WorkflowBuildError.is(error)) console.error(`${defaults.command}: ${error.code}: ${error.message}`);
    else if (typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS')) console.error(`${(error as Error).message}\n${usage(defaults.command)}`);
    else console.error(error);
    return 1;
  }
}
