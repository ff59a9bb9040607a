import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { buildClientEntry } from './client-entry.js';
import { compileWorkflowBundle, DEFAULT_RUNTIME_IMPORT } from './compile.js';
import { type DevkitManifest, DevkitWorkersBuilder } from './devkit-builder.js';
import { WorkflowBuildError } from './errors.js';
import { readFlowFile } from './flow-file.js';
import { BUNDLE_TYPES, HANDLERS_TYPES, handlersModule, nodeVmModule } from './generated-files.js';
import { buildSourceTable, readInlineSourceMap } from './source-table.js';

/** Options of {@link buildWorkflows}. */
export interface BuildWorkflowsOptions {
  /** Project root (where `package.json` and `tsconfig.json` live). */
  workingDir: string;
  /** Directories (relative to `workingDir`) holding `"use workflow"` / `"use step"` code. */
  dirs: string[];
  /** Output directory, relative to `workingDir` or absolute. Must be inside the project so packages resolve. */
  outDir: string;
  /** Specifier the generated bundle imports `registerWorkflowBundle` from. */
  runtimeImport?: string;
  /** Specifier of the node:vm replacement that `node-vm.js` re-exports. */
  vmImport?: string;
  /**
   * The app's Worker entry (e.g. `src/index.ts`), relative to `workingDir`. When set, the build also writes
   * `worker.js`: that entry and its local imports with the DevKit's client transform applied (so
   * `start(myWorkflow, args)` works), for wrangler's `main`.
   */
  entry?: string;
  /** Imported first by `worker.js`, before any DevKit module (the umbrella installs its World there). */
  installImport?: string;
}

/** What {@link buildWorkflows} wrote. All paths are absolute. */
export interface BuildWorkflowsResult {
  outDir: string;
  /** Registry key of the precompiled bundle. */
  bundleKey: string;
  /** Workflow ids in the bundle (`workflow//./path//name`), sorted. */
  workflowIds: string[];
  /** Step ids of the app's own `"use step"` functions, sorted. */
  stepIds: string[];
  /** Step ids the DevKit itself registers (`__builtin_*`), sorted. */
  builtinStepIds: string[];
  files: {
    /** Flow handler (`POST` = `workflowEntrypoint(WORKFLOW_BUNDLE_KEY)`). */
    flow: string;
    /** Precompiled bundle module; importing it registers the bundle. */
    bundle: string;
    /** Step handler (`POST` = `stepEntrypoint`), ESM, packages external. */
    steps: string;
    /** Webhook handler (`resumeWebhook` by token), ESM. */
    webhook: string;
    /** `workflows` (name -> id), `loadHandlers`, lazy `handleFlow` / `handleStep` / `handleWebhook`. */
    handlers: string;
    /** Alias target: `"alias": { "node:vm": "./<outDir>/node-vm.js" }`. */
    nodeVm: string;
    /** The DevKit manifest (workflows, steps, classes). */
    manifest: string;
    /** The app's entry with the client transform, when `entry` was given. */
    worker?: string;
  };
}

/**
 * Builds a DevKit app for Workers: runs the DevKit's own builder (discovery, SWC transform,
 * esbuild), precompiles the workflow bundle into a registered module (no string evaluation at run
 * time), and writes Worker-ready flow, step and webhook handlers plus a `node:vm` alias target.
 *
 * @throws WorkflowBuildError when the workflow bundle cannot be precompiled.
 * @example
 * ```ts
 * const out = await buildWorkflows({ workingDir: process.cwd(), dirs: ['src/workflows'], outDir: '.workflow-cloudflare' });
 * // wrangler.jsonc: "alias": { "node:vm": "./.workflow-cloudflare/node-vm.js" }
 * // worker: import { handleFlow, handleStep, handleWebhook } from './.workflow-cloudflare/handlers.js';
 * ```
 */
export async function buildWorkflows(options: BuildWorkflowsOptions): Promise<BuildWorkflowsResult> {
  const workingDir = resolve(options.workingDir);
  const outDir = resolve(workingDir, options.outDir);
  const runtimeImport = options.runtimeImport ?? DEFAULT_RUNTIME_IMPORT;
  const vmImport = options.vmImport ?? `${runtimeImport}/vm`;
  for (const input of [...options.dirs, ...(options.entry ? [options.entry] : [])]) {
    if (!existsSync(resolve(workingDir, input))) {
      throw new WorkflowBuildError('INPUT_NOT_FOUND', `${resolve(workingDir, input)} does not exist (paths are relative to ${workingDir})`);
    }
  }
  // Built beside the output, then swapped in: an interrupted or failed build never leaves a half-written
  // output (e.g. the DevKit's raw flow file, which workerd refuses to evaluate). Same parent directory, so
  // the relative imports the DevKit writes stay valid after the rename.
  const workDir = join(dirname(outDir), `${basename(outDir)}.tmp-${process.pid}`);
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  try {
    const result = await buildInto(workDir, { ...options, workingDir, outDir, runtimeImport, vmImport });
    const previous = `${outDir}.old-${process.pid}`;
    if (existsSync(outDir)) await rename(outDir, previous);
    await rename(workDir, outDir);
    await rm(previous, { recursive: true, force: true });
    return result;
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

type ResolvedOptions = BuildWorkflowsOptions & { runtimeImport: string; vmImport: string };

async function buildInto(workDir: string, options: ResolvedOptions): Promise<BuildWorkflowsResult> {
  const { workingDir, outDir, runtimeImport } = options;
  const at = (dir: string) => ({
    flow: join(dir, 'flow.js'),
    bundle: join(dir, 'workflows-bundle.js'),
    steps: join(dir, 'steps.js'),
    webhook: join(dir, 'webhook.js'),
    handlers: join(dir, 'handlers.js'),
    nodeVm: join(dir, 'node-vm.js'),
    manifest: join(dir, 'manifest.json'),
  });
  const files = at(workDir);
  const outputs = { flowFile: files.flow, stepsFile: files.steps, webhookFile: files.webhook };
  const builder = new DevkitWorkersBuilder({ workingDir, dirs: options.dirs, outputs });
  const manifest = await builder.buildForWorkers(outputs);
  const workflowIds = idsOf(manifest.workflows, 'workflowId');
  if (workflowIds.length === 0) {
    throw new WorkflowBuildError(
      'NO_WORKFLOWS',
      `No "use workflow" function found in ${options.dirs.map((dir) => resolve(workingDir, dir)).join(', ')}. ` +
        'Pass the directories that hold your workflows with --dir.',
    );
  }

  const flow = readFlowFile(await readFile(files.flow, 'utf8'));
  // The DevKit writes the steps map's sources relative to the file, the workflow bundle's relative to the project.
  const tableOf = (code: string, sourceType: 'script' | 'module', mapDir = workDir) => {
    const map = readInlineSourceMap(code);
    return map ? buildSourceTable(code, map, { mapDir, workingDir, sourceType }) : undefined;
  };
  const workflowTable = tableOf(flow.workflowCode, 'script', workingDir);
  const compiled = compileWorkflowBundle(flow.workflowCode, { runtimeImport, sourceTable: workflowTable });
  await writeFile(files.bundle, compiled.module);
  await writeFile(files.bundle.replace(/\.js$/, '.d.ts'), BUNDLE_TYPES);
  await writeFile(files.flow, flow.rewrite('./workflows-bundle.js'));
  await writeFile(files.steps, withSourceTable(await readFile(files.steps, 'utf8'), runtimeImport, tableOf));
  await writeFile(files.nodeVm, nodeVmModule(options.vmImport));
  await writeFile(files.handlers, handlersModule(workflowNames(manifest.workflows)));
  await writeFile(files.handlers.replace(/\.js$/, '.d.ts'), HANDLERS_TYPES);
  await writeFile(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  // BaseBuilder leaves troubleshooting files next to its outputs; they are not part of the Worker.
  await Promise.all([files.flow, files.steps].map((file) => rm(`${file}.debug.json`, { force: true })));
  const final: BuildWorkflowsResult['files'] = at(outDir);
  if (options.entry) {
    await buildClientEntry({
      workingDir,
      entry: resolve(workingDir, options.entry),
      outDir: workDir,
      finalOutDir: outDir,
      installImport: options.installImport,
    });
    final.worker = join(outDir, 'worker.js');
  }
  const stepIds = idsOf(manifest.steps, 'stepId');
  return {
    outDir,
    bundleKey: compiled.key,
    workflowIds,
    stepIds: stepIds.filter((id) => !isBuiltinStep(id)),
    builtinStepIds: stepIds.filter(isBuiltinStep),
    files: final,
  };
}

/** The DevKit registers a few steps of its own (`Response` body readers); they are not the app's. */
const isBuiltinStep = (id: string) => id.startsWith('__builtin_');

/** The steps module with its source table registered (before the inline map, which stays last). */
function withSourceTable(
  code: string,
  runtimeImport: string,
  tableOf: (code: string, sourceType: 'module') => ReturnType<typeof buildSourceTable> | undefined,
): string {
  const table = tableOf(code, 'module');
  if (!table) return code;
  const register =
    `import { registerSourceTable as __wwcRegisterSourceTable } from ${JSON.stringify(runtimeImport)};\n` +
    `__wwcRegisterSourceTable(${JSON.stringify(table)});\n`;
  const mapAt = code.lastIndexOf('//# sourceMappingURL=');
  return mapAt === -1 ? code + register : code.slice(0, mapAt) + register + code.slice(mapAt);
}

/**
 * Export name -> workflow id. A name exported by two files would be ambiguous, so both then appear under
 * `<file>#<name>` instead (the file path as the DevKit manifest writes it).
 */
export function workflowNames(section: DevkitManifest['workflows']): Record<string, string> {
  const byName = new Map<string, { file: string; id: string }[]>();
  for (const [file, entries] of Object.entries(section ?? {})) {
    for (const [name, entry] of Object.entries(entries)) {
      byName.set(name, [...(byName.get(name) ?? []), { file, id: entry.workflowId }]);
    }
  }
  const names: Record<string, string> = {};
  for (const [name, found] of [...byName].sort(([a], [b]) => a.localeCompare(b))) {
    if (found.length === 1) names[name] = found[0]!.id;
    else for (const { file, id } of found) names[`${file}#${name}`] = id;
  }
  return names;
}

function idsOf<K extends 'workflowId' | 'stepId'>(
  section: DevkitManifest['workflows'] | DevkitManifest['steps'],
  field: K,
): string[] {
  const ids: string[] = [];
  for (const entries of Object.values(section ?? {})) {
    for (const entry of Object.values(entries)) {
      const id = (entry as Record<string, unknown>)[field];
      if (typeof id === 'string') ids.push(id);
    }
  }
  return ids.sort();
}
