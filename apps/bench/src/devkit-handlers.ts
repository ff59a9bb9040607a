/**
 * Builds apps/example's workflows for the reference world with the DevKit's own builder (`@workflow/builders`,
 * the discovery + SWC transform + esbuild steps every framework integration runs) and loads the resulting
 * flow and step handlers in this Node process. The flow file keeps the workflow bundle as a string that
 * `workflowEntrypoint` evaluates with the real `node:vm`, exactly as the DevKit runs it under Node.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BaseBuilder } from '@workflow/builders';

/** A DevKit queue handler: the `POST` export of a flow or step route. */
export type RouteHandler = (request: Request) => Promise<Response>;

export interface DevkitHandlers {
  flow: RouteHandler;
  step: RouteHandler;
  /** Export name -> workflow id (`workflow//./src/workflows/orders//processOrder`), from the DevKit manifest. */
  workflowIds: Record<string, string>;
}

/** The part of the DevKit manifest read here. */
interface Manifest {
  workflows?: Record<string, Record<string, { workflowId: string }>>;
}

/** `BaseBuilder` only to reach its bundle steps; the framework-specific `build()` is not used. */
class BenchBuilder extends BaseBuilder {
  override async build(): Promise<void> {
    // Not used: see buildFlowAndSteps.
  }

  async buildFlowAndSteps(flowFile: string, stepsFile: string): Promise<Manifest> {
    const inputFiles = await this.getInputFiles();
    const tsconfigPath = await this.findTsConfigPath();
    // The unbundled flow file: `workflowEntrypoint(workflowCode)` importing `workflow/runtime`, so the flow
    // handler shares this process's DevKit runtime (and so its world) with `start()`.
    const flow = await this.createWorkflowsBundle({ inputFiles, tsconfigPath, outfile: flowFile, bundleFinalOutput: false });
    await this.createStepsBundle({ inputFiles, tsconfigPath, outfile: stepsFile, format: 'esm', externalizeNonSteps: true });
    return flow.manifest as Manifest;
  }
}

/**
 * Builds the workflows under `workingDir/dirs` into `outDir` and imports the handlers. `outDir` must be
 * inside this package so the generated files resolve `workflow` from its node_modules. The DevKit's world
 * must be set (`setWorld`) first: importing the flow file registers its queue handler on that world.
 */
export async function buildDevkitHandlers(options: { workingDir: string; dirs: string[]; outDir: string }): Promise<DevkitHandlers> {
  const flowFile = join(options.outDir, 'flow.mjs');
  const stepsFile = join(options.outDir, 'steps.mjs');
  const builder = new BenchBuilder({
    buildTarget: 'standalone',
    workingDir: options.workingDir,
    dirs: options.dirs,
    workflowsBundlePath: flowFile,
    stepsBundlePath: stepsFile,
    webhookBundlePath: join(options.outDir, 'webhook.mjs'),
    suppressCreateWorkflowsBundleLogs: true,
    suppressCreateWebhookBundleLogs: true,
    suppressCreateManifestLogs: true,
  });
  const manifest = await builder.buildFlowAndSteps(flowFile, stepsFile);
  // The builder leaves troubleshooting files beside its outputs; nothing reads them.
  await Promise.all([flowFile, stepsFile].map((file) => rm(`${file}.debug.json`, { force: true })));
  const flow = (await import(pathToFileURL(flowFile).href)) as { POST: RouteHandler };
  const steps = (await import(pathToFileURL(stepsFile).href)) as { POST: RouteHandler };
  const workflowIds: Record<string, string> = {};
  for (const entries of Object.values(manifest.workflows ?? {})) {
    for (const [name, entry] of Object.entries(entries)) workflowIds[name] = entry.workflowId;
  }
  return { flow: flow.POST, step: steps.POST, workflowIds };
}
