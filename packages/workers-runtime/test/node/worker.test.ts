/**
 * The fixture app in real workerd through wrangler (`unstable_startWorker`), wired exactly as an app
 * would be: generated handlers, `node:vm` aliased by wrangler. The vitest pool cannot prove that
 * string evaluation stays forbidden (it allows it for its own module loader); this can.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unstable_startWorker } from 'wrangler';
import { buildWorkflows } from '../../src/build/index.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

let worker: Awaited<ReturnType<typeof unstable_startWorker>> | undefined;
let built: Awaited<ReturnType<typeof buildWorkflows>> | undefined;

beforeAll(async () => {
  built = await buildWorkflows({
    workingDir: here('../fixtures/app'),
    dirs: ['workflows'],
    outDir: '.generated-worker',
    runtimeImport: here('../../src/index.ts'),
    vmImport: here('../../src/vm.ts'),
  });
  worker = await unstable_startWorker({
    config: here('../fixtures/app/wrangler.jsonc'),
    dev: { server: { hostname: '127.0.0.1', port: 0 }, inspector: false, watch: false },
  });
}, 120_000);

afterAll(async () => {
  await worker?.dispose();
});

describe('fixture app inside wrangler/workerd', () => {
  it('runs workflows, keeps eval and new Function forbidden, and starts without global-scope randomness', async () => {
    if (!worker) throw new Error('worker did not start');
    const response = await worker.fetch('http://example.com/probe');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      indirectEval: 'EvalError',
      newFunction: 'EvalError',
      sequential: { first: 6, second: 16 },
      hook: { orderId: 'o1', approved: true, by: 'ops' },
      codegen: { result: 'refused', name: 'EvalError' },
      parallel: [true, true, true, true, true, true, true, true],
      handlers: ['function', 'function', 'function'],
    });
  });

  it('writes Worker-ready modules: no bundle text in the flow file, packages left to wrangler', async () => {
    if (!built) throw new Error('build did not run');
    const flow = await readFile(built.files.flow, 'utf8');
    expect(flow).toContain('import { WORKFLOW_BUNDLE_KEY } from "./workflows-bundle.js";');
    expect(flow).toContain('workflowEntrypoint(workflowCode)');
    expect(flow).not.toContain('__private_workflows');
    const bundle = await readFile(built.files.bundle, 'utf8');
    expect(bundle).toContain(`export const WORKFLOW_BUNDLE_KEY = "${built.bundleKey}";`);
    expect(bundle).not.toContain('sourceMappingURL');
    const steps = await readFile(built.files.steps, 'utf8');
    expect(steps).toMatch(/from "workflow\/runtime"/);
    expect(steps).not.toContain('require(');
    expect(built.workflowIds).toHaveLength(9);
    expect(built.stepIds).toEqual(expect.arrayContaining(['step//./workflows/sequential//add', 'step//./workflows/parallel//double']));
  });
});
