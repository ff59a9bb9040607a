/**
 * @module
 * `workflow-world-cloudflare/vite` (Node only): the Vite plugin for Workers built with `@cloudflare/vite-plugin`.
 *
 * @example
 * ```ts
 * // vite.config.ts
 * import { cloudflare } from '@cloudflare/vite-plugin';
 * import { defineConfig } from 'vite';
 * import { workflowWorldCloudflare } from 'workflow-world-cloudflare/vite';
 *
 * export default defineConfig({ plugins: [workflowWorldCloudflare({ dirs: ['src/workflows'] }), cloudflare()] });
 * ```
 */
import { relative, resolve, sep } from 'node:path';
import {
  applySwcTransform,
  detectWorkflowPatterns,
  isGeneratedWorkflowFile,
  isWorkflowSdkFile,
  shouldTransformFile,
} from '@workflow/builders';
import { buildWorkflows, INSTALL_IMPORT } from './build/index.js';

/** Options of {@link workflowWorldCloudflare}. */
export interface WorkflowWorldCloudflareOptions {
  /** Directories (relative to the Vite root) holding `"use workflow"` / `"use step"` code. Default: the root. */
  dirs?: string[];
  /** Output directory of the workflow build, relative to the Vite root. Default `.workflow-cloudflare`. */
  outDir?: string;
}

/** The part of Vite's plugin interface this plugin uses (declared here so the package needs no `vite` types). */
export interface WorkflowVitePlugin {
  name: string;
  enforce: 'pre';
  config(config: { root?: string }): { build: { rolldownOptions: { output: { strictExecutionOrder: boolean } } } };
  configEnvironment(): { optimizeDeps: { rolldownOptions: RolldownDepsOptions } };
  configResolved(config: { root: string }): void;
  buildStart(): Promise<void>;
  transform(code: string, id: string): Promise<{ code: string; map: null } | undefined>;
}

/** The Rolldown options this plugin adds to `vite dev`'s dependency pre-bundling. */
interface RolldownDepsOptions {
  plugins: { name: string; transform(code: string): { code: string; map: null } | undefined }[];
  output: { strictExecutionOrder: boolean };
}

/** `from 'node:vm'`, `import('vm')`, …: rewritten to the build's replacement (what wrangler's `alias` does). */
const NODE_VM_IMPORT = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s*)(["'])(?:node:)?vm\2/g;

function rewriteNodeVm(code: string, nodeVm: string): { code: string; map: null } | undefined {
  if (!code.includes('vm')) return undefined;
  const out = code.replace(NODE_VM_IMPORT, (_match, prefix: string) => `${prefix}${JSON.stringify(nodeVm)}`);
  return out === code ? undefined : { code: out, map: null };
}

const DEVKIT_IMPORT = /\bfrom\s*["'](?:workflow|@workflow\/[\w-]+|workflow-world-cloudflare)(?:\/[\w./-]*)?["']|\bimport\s*["']workflow(?:\/[\w./-]*)?["']/;

/**
 * Runs `workflow-world-cloudflare build` when Vite starts building (and when the dev server starts), aliases
 * `node:vm` to the build's replacement, applies the DevKit's client transform to the app's own modules (so
 * `start(myWorkflow, args)` works), and makes the World installer the first import of every module that
 * imports the DevKit — so the DevKit never creates its default World. Put it before `cloudflare()`.
 */
export function workflowWorldCloudflare(options: WorkflowWorldCloudflareOptions = {}): WorkflowVitePlugin {
  let root = process.cwd();
  const outDir = () => resolve(root, options.outDir ?? '.workflow-cloudflare');
  let built: Promise<unknown> | undefined;
  return {
    name: 'workflow-world-cloudflare',
    enforce: 'pre',
    config(config) {
      root = resolve(config.root ?? root);
      return {
        // Rolldown hoists shared chunks above the entry's own code; the installer must run before the DevKit's
        // modules wherever they land (Vite 8; older Vites ignore the key).
        build: { rolldownOptions: { output: { strictExecutionOrder: true } } },
      };
    },
    configEnvironment() {
      // `vite dev` pre-bundles dependencies with Rolldown, out of reach of `transform`: same rewrite and order there.
      const nodeVm = () => resolve(outDir(), 'node-vm.js');
      return {
        optimizeDeps: {
          rolldownOptions: {
            plugins: [{ name: 'workflow-world-cloudflare:node-vm', transform: (code) => rewriteNodeVm(code, nodeVm()) }],
            output: { strictExecutionOrder: true },
          },
        },
      };
    },
    configResolved(config) {
      root = config.root;
    },
    async buildStart() {
      // Once per Vite process: the client and worker environments both start a build.
      built ??= buildWorkflows({ workingDir: root, dirs: options.dirs ?? ['.'], outDir: outDir() });
      await built;
    },
    async transform(code, id) {
      const file = id.split('?')[0]!;
      if (!/\.[cm]?[jt]sx?$/.test(file)) return undefined;
      if (file.includes(`${sep}node_modules${sep}`)) {
        // A transform, not an alias or resolveId: @cloudflare/vite-plugin makes node built-ins external first.
        return rewriteNodeVm(code, resolve(outDir(), 'node-vm.js'));
      }
      if (file.startsWith(outDir() + sep) || isGeneratedWorkflowFile(file) || isWorkflowSdkFile(file)) return undefined;
      let out = code;
      const patterns = detectWorkflowPatterns(code);
      if (shouldTransformFile(file, patterns)) {
        const name = relative(root, file).split(sep).join('/');
        out = (await applySwcTransform(name, code, 'client', file, root)).code;
      }
      // Same line, so the module keeps its line numbers.
      if (DEVKIT_IMPORT.test(code)) out = `import ${JSON.stringify(INSTALL_IMPORT)}; ${out}`;
      return out === code ? undefined : { code: out, map: null };
    },
  };
}
