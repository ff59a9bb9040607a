import { BaseBuilder } from '@workflow/builders';

/** The part of the DevKit's manifest we read (the full type is not exported by @workflow/builders). */
export interface DevkitManifest {
  workflows?: Record<string, Record<string, { workflowId: string }>>;
  steps?: Record<string, Record<string, { stepId: string }>>;
  classes?: Record<string, unknown>;
}

/** Paths the DevKit builder writes, all inside the output directory. */
export interface DevkitOutputs {
  flowFile: string;
  stepsFile: string;
  webhookFile: string;
}

/**
 * Thin `BaseBuilder` subclass: it only exposes the DevKit's own bundle steps (discovery, SWC
 * transform, esbuild) so we never reimplement them. `build()` is unused; `buildForWorkers` asks for
 * the unbundled flow file and ESM step/webhook files whose package imports stay external, so
 * wrangler resolves one copy of the DevKit runtime for the whole Worker.
 */
export class DevkitWorkersBuilder extends BaseBuilder {
  constructor(options: { workingDir: string; dirs: string[]; outputs: DevkitOutputs }) {
    super({
      buildTarget: 'standalone',
      workingDir: options.workingDir,
      dirs: options.dirs,
      workflowsBundlePath: options.outputs.flowFile,
      stepsBundlePath: options.outputs.stepsFile,
      webhookBundlePath: options.outputs.webhookFile,
      suppressCreateWorkflowsBundleLogs: true,
      suppressCreateWebhookBundleLogs: true,
      suppressCreateManifestLogs: true,
    });
  }

  override async build(): Promise<void> {
    // Not used: see buildForWorkers.
  }

  /** Runs the DevKit's flow, steps and webhook bundle steps; returns the merged manifest. */
  async buildForWorkers(outputs: DevkitOutputs): Promise<DevkitManifest> {
    const inputFiles = await this.getInputFiles();
    const tsconfigPath = await this.findTsConfigPath();
    // Same `inputFiles` array: BaseBuilder caches discovery per array, so it runs once.
    const flow = await this.createWorkflowsBundle({
      inputFiles,
      tsconfigPath,
      outfile: outputs.flowFile,
      bundleFinalOutput: false,
    });
    const steps = await this.createStepsBundle({
      inputFiles,
      tsconfigPath,
      outfile: outputs.stepsFile,
      format: 'esm',
      externalizeNonSteps: true,
      bundleTransitiveLocalStepDependencies: true,
    });
    await this.createWebhookBundle({ outfile: outputs.webhookFile, bundle: false });
    const a = steps.manifest as DevkitManifest;
    const b = flow.manifest as DevkitManifest;
    return {
      workflows: { ...a.workflows, ...b.workflows },
      steps: { ...a.steps, ...b.steps },
      classes: { ...a.classes, ...b.classes },
    };
  }
}
