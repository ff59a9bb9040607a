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
  /** Imported first by the generated `worker.js` (see `BuildWorkflowsOptions.installImport`). */
  installImport?: string;
  /** Printed by `--version`. */
  version?: string;
}

/** The usage text of the build command. */
export const buildUsage = (command: string) => `Usage: ${command} [--dir DIR]... [--entry FILE] [--out DIR] [--cwd DIR]
  --dir    directory with "use workflow" / "use step" code, repeatable (default: the whole project)
  --entry  your Worker entry (e.g. src/index.ts): also writes <out>/worker.js, the entry with the DevKit's
           client transform, so start(myWorkflow, args) works; point wrangler's "main" at it
  --out    output directory (default: .workflow-cloudflare)
  --cwd    project root (default: current directory)
  -h, --help     this text
  -v, --version  the version`;

/**
 * Runs the build for `argv` (without the command itself) and returns the process exit code: 0 on success,
 * 1 when the build fails, 2 on a usage error (unknown option, missing value, stray argument).
 */
export async function runBuildCli(argv: string[], defaults: BuildCliDefaults): Promise<number> {
  let values: { cwd?: string; dir?: string[]; entry?: string; out?: string; help?: boolean; version?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        cwd: { type: 'string' },
        dir: { type: 'string', multiple: true },
        entry: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    console.error(`${defaults.command}: ${(error as Error).message}\n\n${buildUsage(defaults.command)}`);
    return 2;
  }
  if (values.help) {
    console.log(buildUsage(defaults.command));
    return 0;
  }
  if (values.version) {
    console.log(defaults.version ?? 'unknown');
    return 0;
  }
  try {
    const started = Date.now();
    const result = await buildWorkflows({
      workingDir: values.cwd ?? process.cwd(),
      dirs: values.dir && values.dir.length > 0 ? values.dir : ['.'],
      outDir: values.out ?? '.workflow-cloudflare',
      entry: values.entry,
      runtimeImport: defaults.runtimeImport,
      vmImport: defaults.vmImport,
      installImport: defaults.installImport,
    });
    const show = (file: string) => `./${relative(process.cwd(), file)}`;
    const lines = [
      `Built ${result.workflowIds.length} workflow(s) and ${result.stepIds.length} step(s) into ${show(result.outDir)} ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  wrangler alias: "node:vm": "${show(result.files.nodeVm)}" (path relative to the wrangler config)`,
      result.files.worker
        ? `  wrangler main:  "${show(result.files.worker)}" (your entry with the DevKit's client transform)`
        : `  Worker import:  ${show(result.files.handlers)} (workflows, loadHandlers, handleFlow, handleStep, handleWebhook)`,
    ];
    console.log(lines.join('\n'));
    return 0;
  } catch (error) {
    if (WorkflowBuildError.is(error)) console.error(`${defaults.command}: ${error.code}: ${error.message}`);
    else console.error(`${defaults.command}: build failed:`, error);
    return 1;
  }
}
