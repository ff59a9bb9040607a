/**
 * apps/example copied as a template into a directory outside the workspace, installed with plain npm (our
 * packages from the tarballs), built, migrated, run under `wrangler dev` and deployed with --dry-run.
 */
import { randomBytes } from 'node:crypto';
import { appendFileSync, copyFileSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EXAMPLE_DIR } from 'e2e/src/dev-server.ts';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyApp, deployDryRun, npmInstall, pollJson, sh, tempAppDir, useTarballs } from '../src/app.js';
import { startWranglerDev, type WranglerDev } from '../src/wrangler-dev.js';

interface Run {
  status: string;
  output?: unknown;
  error?: { message: string; stack?: string };
}

const dir = tempAppDir('template');
let server: WranglerDev | undefined;
/** The operator routes' bearer header, with the token from the template's .dev.vars (as its README says). */
let operator: Record<string, string> = {};
/** The World API's operator token, added to .dev.vars as the example's README says. */
const worldApiToken = randomBytes(32).toString('base64url');

beforeAll(() => {
  copyApp(EXAMPLE_DIR, dir);
  useTarballs(dir, inject('tarballs'));
  npmInstall(dir);
});

afterAll(async () => {
  await server?.stop();
  rmSync(dirname(dir), { recursive: true, force: true });
});

describe('apps/example as a template', () => {
  it('names real version ranges, and its tsconfig stands alone', () => {
    const original = readFileSync(join(EXAMPLE_DIR, 'package.json'), 'utf8');
    expect(original).not.toMatch(/workspace:|catalog:/);
    expect(readFileSync(join(EXAMPLE_DIR, 'tsconfig.json'), 'utf8')).not.toMatch(/extends/);
  });

  it('typechecks after the build and `wrangler types` (npm run typecheck), and tsc writes no files', () => {
    sh(dir, 'npm', ['run', 'typecheck']);
    expect(readFileSync(join(dir, 'worker-configuration.d.ts'), 'utf8')).toContain('WORKFLOW_RUN');
    const emitted = readdirSync(join(dir, 'src'), { recursive: true }).filter((file) => String(file).endsWith('.js'));
    expect(emitted).toEqual([]);
  });

  it('applies the migrations it owns (npm run db:migrate:local)', () => {
    const output = sh(dir, 'npm', ['run', 'db:migrate:local']);
    expect(output).toMatch(/already has|Copied/);
    expect(readFileSync(join(dir, 'migrations/0001_create_index.sql'), 'utf8')).toContain('wf_');
  });

  it('runs under wrangler dev: start(fn, args) with top-level imports completes a workflow', async () => {
    copyFileSync(join(dir, '.dev.vars.example'), join(dir, '.dev.vars')); // README: cp .dev.vars.example .dev.vars
    const token = /^API_TOKEN=(.+)$/m.exec(readFileSync(join(dir, '.dev.vars'), 'utf8'))?.[1];
    operator = { authorization: `Bearer ${token}` };
    appendFileSync(join(dir, '.dev.vars'), `WORKFLOW_WORLD_API_TOKEN=${worldApiToken}\n`);
    server = await startWranglerDev(dir);
    // Reading a run is for operators only.
    expect((await fetch(`${server.url}/runs/wrun_unknown`)).status).toBe(401);
    const started = await fetch(`${server.url}/runs/processOrder`, { method: 'POST', body: JSON.stringify(['order-1', 42]) });
    expect(started.status, await started.clone().text()).toBe(201);
    const { runId } = (await started.json()) as { runId: string };
    const run = await pollJson<Run>(`${server.url}/runs/${runId}`, (r) => r.status !== 'pending' && r.status !== 'running', 120_000, operator);
    expect(run, server.log()).toMatchObject({ status: 'completed', output: { shipment: 'shipped order-1 after ch_order-1' } });
  });

  it('is reached from Node through workflow-world-cloudflare/remote as installed by npm: the DevKit CLI and the example script', () => {
    const env = {
      WORKFLOW_CLOUDFLARE_URL: server!.url,
      WORKFLOW_CLOUDFLARE_TOKEN: worldApiToken,
      WORKFLOW_NO_UPDATE_CHECK: '1',
      NO_COLOR: '1',
    };
    // The CLI loads the World with require() from this folder: the package's CommonJS entry.
    const runs = JSON.parse(sh(dir, 'npx', ['workflow', 'inspect', 'runs', '--backend', 'workflow-world-cloudflare/remote', '--json'], env)) as {
      data: { workflowName: string; status: string }[];
    };
    expect(runs.data).toContainEqual(expect.objectContaining({ workflowName: 'workflow//./src/workflows/orders//processOrder', status: 'completed' }));
    const output = sh(dir, 'node', ['scripts/start-remote.mjs', 'workflow//./src/workflows/orders//processOrder', '["order-2", 7]'], {
      ...env,
      WORKFLOW_TARGET_WORLD: 'workflow-world-cloudflare/remote',
    });
    expect(JSON.parse(output.trim().split('\n').pop() as string)).toMatchObject({
      status: 'completed',
      returnValue: { shipment: 'shipped order-2 after ch_order-2' },
    });
  });

  it("names the user's source file and line in a step error's stack", async () => {
    const started = await fetch(`${server!.url}/runs/fatal`, { method: 'POST', body: JSON.stringify(['card declined']) });
    const { runId } = (await started.json()) as { runId: string };
    const run = await pollJson<Run>(`${server!.url}/runs/${runId}`, (r) => r.status === 'failed' || r.status === 'completed', 120_000, operator);
    expect(run.error?.message).toBe('card declined');
    // rejectPayment throws on line 18 of src/workflows/retries.ts, column 11 (`new FatalError`).
    expect(run.error?.stack).toMatch(/at rejectPayment \(src\/workflows\/retries\.ts:18:11\)/);
    await server!.stop();
    server = undefined;
  });

  it('wrangler deploy --dry-run builds first and bundles every binding', () => {
    const output = deployDryRun(dir);
    expect(output).toContain('env.WORKFLOW_RUN (WorkflowRunObject)');
    expect(output).toContain('--dry-run: exiting now.');
  });
});
