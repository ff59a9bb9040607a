/**
 * The Vite flow: a Worker built by `vite build` with @cloudflare/vite-plugin and our plugin
 * (fixtures/vite), installed with plain npm outside the workspace, run under `wrangler dev`, deployed with
 * --dry-run. (`vite dev` is not covered: see the README's Vite note.)
 */
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { copyApp, deployDryRun, npmInstall, pollJson, sh, tempAppDir, useTarballs } from '../src/app.js';
import { startWranglerDev, type WranglerDev } from '../src/wrangler-dev.js';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/vite');
const dir = tempAppDir('vite');
let server: WranglerDev | undefined;

beforeAll(() => {
  copyApp(FIXTURE, dir);
  useTarballs(dir, inject('tarballs'));
  npmInstall(dir);
});

afterAll(async () => {
  await server?.stop();
  rmSync(dirname(dir), { recursive: true, force: true });
});

describe('Vite + @cloudflare/vite-plugin + workflowWorldCloudflare()', () => {
  it('builds with vite build (workflows built, node:vm replaced, client transform applied)', () => {
    sh(dir, 'npm', ['run', 'build']);
    expect(existsSync(join(dir, '.workflow-cloudflare/handlers.js'))).toBe(true);
    expect(existsSync(join(dir, 'dist/workflow_vite/wrangler.json'))).toBe(true);
  });

  it('runs the built Worker under wrangler dev: start(greet, args) completes', async () => {
    sh(dir, 'npm', ['run', 'db:migrate:local']);
    server = await startWranglerDev(dir);
    const started = await fetch(`${server.url}/greet?name=ada`, { method: 'POST' });
    expect(started.status, await started.clone().text()).toBe(201);
    const { runId } = (await started.json()) as { runId: string };
    const run = await pollJson<{ status: string; output?: unknown }>(`${server.url}/runs/${runId}`, (r) => r.status !== 'pending' && r.status !== 'running');
    expect(run, server.log()).toEqual({ runId, status: 'completed', output: { greeting: 'HELLO ADA' } });

    // An error thrown in workflow code (not a step) names the user's file and line, through Vite's bundling too.
    const exploded = await fetch(`${server.url}/explode`, { method: 'POST' });
    const failedId = ((await exploded.json()) as { runId: string }).runId;
    const failed = await pollJson<{ status: string; error?: { stack?: string } }>(
      `${server.url}/runs/${failedId}`,
      (r) => r.status === 'failed' || r.status === 'completed',
    );
    expect(failed.status).toBe('failed');
    // The frame names the file and the workflow function. (Vite's bundler reprints the workflow bundle's lines, so
    // the line there can be the function's first one; wrangler's keeps them: see template.test.ts.)
    expect(failed.error?.stack, JSON.stringify(failed)).toMatch(/^Error: exploded: boom\n {4}at explode \(src\/workflows\/greet\.ts:\d+:\d+\)/);
    await server.stop();
    server = undefined;
  });

  it('wrangler deploy --dry-run deploys the Vite output', () => {
    const output = deployDryRun(dir);
    expect(output).toContain('env.WORKFLOW_RUN (WorkflowRunObject)');
    expect(output).toContain('--dry-run: exiting now.');
  });
});
