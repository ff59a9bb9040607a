import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { compileWorkflowBundle, DEFAULT_RUNTIME_IMPORT } from './compile.js';
import { type DevkitManifest, DevkitWorkersBuilder } from './devkit-builder.js';
import { readFlowFile } from './flow-file.js';
import { BUNDLE_TYPES, HANDLERS_TYPES, handlersModule, nodeVmModule } from './generated-files.js';

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
}

/** What {@link buildWorkflows} wrote. All paths are absolute. */
export interface BuildWorkflowsResult {
  outDir: string;
  /** Registry key of the precompiled bundle. */
  bundleKey: string;
  /** Workflow ids in the bundle (`workflow//./path//name`), sorted. */
  workflowIds: string[];
  /** Step ids the steps handler registers, sorted. */
  stepIds: string[];
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
  const files = {
    flow: join(outDir, 'flow.js'),
    bundle: join(outDir, 'workflows-bundle.js'),
    steps: join(outDir, 'steps.js'),
    webhook: join(outDir, 'webhook.js'),
    handlers: join(outDir, 'handlers.js'),
    nodeVm: join(outDir, 'node-vm.js'),
    manifest: join(outDir, 'manifest.json'),
  };
  await mkdir(outDir, { recursive: true });
  const outputs = { flowFile: files.flow, stepsFile: files.steps, webhookFile: files.webhook };
  const builder = new DevkitWorkersBuilder({ workingDir, dirs: options.dirs, outputs });
  const manifest = await builder.buildForWorkers(outputs);

  const flow = readFlowFile(await readFile(files.flow, 'utf8'));
  const compiled = compileWorkflowBundle(flow.workflowCode, { runtimeImport });
  await writeFile(files.bundle, compiled.module);
  await writeFile(files.bundle.replace(/\.js$/, '.d.ts'), BUNDLE_TYPES);
  await writeFile(files.flow, flow.rewrite('./workflows-bundle.js'));
  await writeFile(files.nodeVm, nodeVmModule(vmImport));
  await writeFile(files.handlers, handlersModule(workflowNames(manifest.workflows)));
  await writeFile(files.handlers.replace(/\.js$/, '.d.ts'), HANDLERS_TYPES);
  await writeFile(files.manifest, `${JSON.stringify(manifest, null, 2)}\n`);
  // BaseBuilder leaves troubleshooting files next to its outputs; they are not part of the Worker.
  await Promise.all(
    [files.flow, files.steps].map((file) => rm(`${file}.debug.json`, { force: true })),
  );
  return {
    outDir,
    bundleKey: compiled.key,
    workflowIds: idsOf(manifest.workflows, 'workflowId'),
    stepIds: idsOf(manifest.steps, 'stepId'),
    files,
  };
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
