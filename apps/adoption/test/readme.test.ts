/**
 * The README's "Use it" Worker, extracted file by file, installed with plain npm outside the workspace, built by
 * wrangler's build.command, run under `wrangler dev` and deployed with --dry-run. Then the CLI's contract, and
 * the wrong-World case: the same Worker with wrangler's main pointed at src/index.ts (no build entry, so the
 * DevKit creates its default World at start-up) fails loudly on its first request instead of hanging.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { deployDryRun, npmInstall, pollJson, sh, tempAppDir, useTarballs, writeFiles } from '../src/app.js';
import { startWranglerDev, type WranglerDev } from '../src/wrangler-dev.js';
import { readmeFiles } from '../src/readme.js';

const dir = tempAppDir('readme');
let server: WranglerDev | undefined;

/** Runs the app's CLI; returns its exit code and everything it printed. */
function cli(args: string[]): { code: number; out: string } {
  const result = spawnSync(process.execPath, [join(dir, 'node_modules/.bin/workflow-world-cloudflare'), ...args], {
    cwd: dir,
    encoding: 'utf8',
  });
  return { code: result.status ?? -1, out: `${result.stdout}${result.stderr}` };
}

beforeAll(() => {
  const files = readmeFiles();
  expect(Object.keys(files).sort()).toEqual(['package.json', 'src/index.ts', 'src/workflows/greet.ts', 'wrangler.jsonc']);
  writeFiles(dir, files);
  useTarballs(dir, inject('tarballs'));
  npmInstall(dir);
});

afterAll(async () => {
  await server?.stop();
  rmSync(dirname(dir), { recursive: true, force: true });
});

describe('the README "Use it" Worker', () => {
  it('generates Env (npm run cf-typegen) and applies its migrations (npm run db:migrate:local)', () => {
    sh(dir, 'npm', ['run', 'cf-typegen']);
    expect(readFileSync(join(dir, 'worker-configuration.d.ts'), 'utf8')).toContain('WORKFLOW_QUEUE');
    sh(dir, 'npm', ['run', 'db:migrate:local']);
    expect(existsSync(join(dir, 'migrations/0001_create_index.sql'))).toBe(true);
  });

  it('runs under wrangler dev (which builds first): start(greet, args) completes', async () => {
    server = await startWranglerDev(dir);
    const started = await fetch(`${server.url}/greet?name=ada`, { method: 'POST' });
    expect(started.status, await started.clone().text()).toBe(201);
    const { runId } = (await started.json()) as { runId: string };
    const run = await pollJson<{ status: string }>(`${server.url}/runs/${runId}`, (r) => r.status !== 'pending' && r.status !== 'running');
    expect(run, server.log()).toEqual({ runId, status: 'completed', output: { greeting: 'HELLO ADA' } });
    await server.stop();
    server = undefined;
  });

  it('wrangler deploy --dry-run', () => {
    const output = deployDryRun(dir);
    expect(output).toContain('env.WORKFLOW_QUEUE_COORDINATOR (WorkflowQueueObject)');
    expect(output).toContain('--dry-run: exiting now.');
  });
});

describe('the workflow-world-cloudflare CLI', () => {
  it('--help and --version exit 0; usage errors exit 2 with a message', () => {
    expect(cli(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('Usage: workflow-world-cloudflare') });
    expect(cli(['build', '--help'])).toMatchObject({ code: 0, out: expect.stringContaining('--entry') });
    expect(cli(['--version'])).toMatchObject({ code: 0, out: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    expect(cli([])).toMatchObject({ code: 2 });
    expect(cli(['deploy'])).toMatchObject({ code: 2, out: expect.stringContaining('unknown command "deploy"') });
    expect(cli(['build', '--nope'])).toMatchObject({ code: 2, out: expect.stringContaining("Unknown option '--nope'") });
  });

  it('counts only the app\'s steps, and a failed build keeps the previous output', () => {
    expect(cli(['build', '--dir', 'src/workflows', '--entry', 'src/index.ts']).out).toContain('Built 1 workflow(s) and 1 step(s)');
    const before = readFileSync(join(dir, '.workflow-cloudflare/handlers.js'), 'utf8');
    expect(cli(['build', '--dir', 'nope'])).toMatchObject({ code: 1, out: expect.stringContaining('INPUT_NOT_FOUND') });
    expect(cli(['build', '--dir', 'migrations'])).toMatchObject({ code: 1, out: expect.stringContaining('NO_WORKFLOWS') });
    expect(readFileSync(join(dir, '.workflow-cloudflare/handlers.js'), 'utf8')).toBe(before);
  });
});

describe('the wrong World', () => {
  it('fails the first request with WRONG_WORLD (cause and fix) instead of stalling runs', async () => {
    const config = join(dir, 'wrangler.jsonc');
    writeFileSync(
      config,
      readFileSync(config, 'utf8')
        .replace('"main": ".workflow-cloudflare/worker.js"', '"main": "src/index.ts"')
        .replace(' --entry src/index.ts', ''),
    );
    server = await startWranglerDev(dir);
    const started = Date.now();
    const response = await fetch(`${server.url}/greet?name=ada`, { method: 'POST' });
    expect(response.status).toBe(500);
    expect(Date.now() - started).toBeLessThan(60_000);
    // wrangler prints the Worker's uncaught error; give its log a moment.
    const deadline = Date.now() + 30_000;
    while (!server.log().includes('created its own default World') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    expect(server.log()).toMatch(/created its own default World[\s\S]*workflow-world-cloudflare build --entry/);
  });
});
