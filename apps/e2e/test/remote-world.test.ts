/**
 * The remote World against apps/example under `wrangler dev`, used as a DevKit user would:
 * - `apps/example/scripts/start-remote.mjs` (plain Node, `start()` from `workflow/api`) starts workflows on the
 *   Worker and reads their result and stream;
 * - the DevKit's own CLI (`workflow inspect … --backend workflow-world-cloudflare/remote --json`) lists the runs,
 *   steps and events, and `workflow cancel` cancels;
 * - no token, a wrong token and a read-only token on a write are refused (401 / 403) and change nothing;
 * - `workflow web` serves the DevKit's web UI on the remote World; headless Chromium (Debian's `chromium`) loads
 *   a run's trace (its steps), events and stream, and a paused run's page with its hook; the screenshots are
 *   written to `apps/e2e/artifacts/`.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createRemoteWorld } from 'workflow-world-cloudflare/remote';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { isTerminal } from '../src/client.js';
import { EXAMPLE_DIR, freePort } from '../src/dev-server.js';
import { baseUrl, client } from './setup.js';

const E2E_DIR = join(dirname(fileURLToPath(import.meta.url)), '..');
const ARTIFACTS = join(E2E_DIR, 'artifacts');
const WORKFLOW_CLI = join(E2E_DIR, 'node_modules/.bin/workflow');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const BACKEND = 'workflow-world-cloudflare/remote';
const operatorToken = inject('worldApiToken');
const readToken = inject('worldApiReadToken');

const PROCESS_ORDER = 'workflow//./src/workflows/orders//processOrder';
const PROGRESS = 'workflow//./src/workflows/streaming//progress';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command with the remote World's env (token `token`; `null` leaves it unset), in `cwd`. */
function run(command: string, args: string[], token: string | null, cwd = E2E_DIR): Promise<Ran> {
  const env: Record<string, string | undefined> = {
    ...process.env,
    WORKFLOW_TARGET_WORLD: BACKEND,
    WORKFLOW_CLOUDFLARE_URL: baseUrl,
    WORKFLOW_CLOUDFLARE_TOKEN: token ?? undefined,
    // The CLI asks the npm registry for a newer version on each start unless told not to.
    WORKFLOW_NO_UPDATE_CHECK: '1',
    NO_COLOR: '1',
  };
  if (token === null) delete env.WORKFLOW_CLOUDFLARE_TOKEN;
  return new Promise((resolve) => {
    execFile(command, args, { cwd, env, timeout: 90_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const inspect = (args: string[], token: string | null = operatorToken) => run(WORKFLOW_CLI, ['inspect', ...args, '--backend', BACKEND, '--json'], token);

const startRemote = (args: string[]) => run(process.execPath, ['scripts/start-remote.mjs', ...args], operatorToken, EXAMPLE_DIR);

/** Starts a workflow with the example's script and answers its run id. */
async function startedRun(args: string[]): Promise<string> {
  const ran = await startRemote(args);
  expect(ran.code, ran.stderr).toBe(0);
  return lastJsonLine(ran.stdout).runId as string;
}

/** The CLI's JSON list output: some commands print an array, others a page `{ data }`. */
function listed<T>(stdout: string): T[] {
  const parsed = JSON.parse(stdout) as T[] | { data?: T[] };
  return Array.isArray(parsed) ? parsed : (parsed.data ?? []);
}

function lastJsonLine(stdout: string): Record<string, unknown> {
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] as string) as Record<string, unknown>;
}

describe('remote World from Node and the DevKit CLI', () => {
  let orderRun: string;
  let streamRun: string;

  beforeAll(async () => {
    orderRun = await startedRun([PROCESS_ORDER, '["o-remote", 42]']);
    streamRun = await startedRun(['--stream', PROGRESS, '[3, 5]']);
  });

  it('logs no payload and no token: what crossed the World API is not in the Worker log', async () => {
    const marker = `payload-${crypto.randomUUID()}`;
    const ran = await startRemote([PROCESS_ORDER, JSON.stringify([marker, 1])]);
    expect(ran.code, ran.stderr).toBe(0);
    expect(lastJsonLine(ran.stdout)).toMatchObject({ status: 'completed', returnValue: { order: { orderId: marker } } });
    const log = readFileSync(inject('serverLog'), 'utf8');
    expect(log).toContain('/.well-known/workflow/v1/world/call');
    expect(log).not.toContain(marker);
    expect(log).not.toContain(operatorToken);
    expect(log).not.toContain(readToken);
  });

  it('a Node script starts workflows on the Worker with start() and reads their result and stream', async () => {
    const streamed = await startRemote(['--stream', PROGRESS, '[2, 5]']);
    expect(streamed.code, streamed.stderr).toBe(0);
    const lines = streamed.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.slice(0, -1)).toEqual([{ chunk: { step: 1, of: 2 } }, { chunk: { step: 2, of: 2 } }]);
    expect(lines.at(-1)).toMatchObject({ status: 'completed', returnValue: { done: 2 } });
    // The Worker's own API sees the same run, finished, with the same output.
    const runId = lines.at(-1)?.runId as string;
    expect(await client.run(runId)).toMatchObject({ status: 'completed', output: { done: 2 } });
    expect(await client.run(orderRun)).toMatchObject({
      status: 'completed',
      output: { order: { orderId: 'o-remote', amount: 42 }, shipment: 'shipped o-remote after ch_o-remote' },
    });
  });

  it('workflow inspect runs / steps / events print our runs, steps and events', async () => {
    const runs = await inspect(['runs', '--limit', '100']);
    expect(runs.code, runs.stderr).toBe(0);
    const runList = listed<{ runId: string; status: string; workflowName: string }>(runs.stdout);
    expect(runList.find((r) => r.runId === orderRun)).toMatchObject({ status: 'completed', workflowName: PROCESS_ORDER });
    expect(runList.find((r) => r.runId === streamRun)).toMatchObject({ status: 'completed', workflowName: PROGRESS });

    const steps = await inspect(['steps', '--run', orderRun]);
    expect(steps.code, steps.stderr).toBe(0);
    const stepList = JSON.parse(steps.stdout) as { stepName: string; status: string; attempt: number }[];
    expect(stepList.map((s) => s.stepName.split('//').pop()).sort()).toEqual(['chargeCard', 'shipOrder', 'validateOrder']);
    expect(stepList.every((s) => s.status === 'completed' && s.attempt === 1)).toBe(true);

    const events = await inspect(['events', '--run', orderRun]);
    expect(events.code, events.stderr).toBe(0);
    const types = listed<{ eventType: string }>(events.stdout).map((e) => e.eventType);
    expect(types.filter((t) => t === 'step_completed')).toHaveLength(3);
    expect(types).toEqual(expect.arrayContaining(['run_created', 'run_started', 'step_created', 'step_started', 'run_completed']));
  });

  it('workflow inspect hooks / streams print a waiting run\'s hook and a run\'s stream', async () => {
    const orderId = `o-${crypto.randomUUID()}`;
    const waiting = await client.start('approval', [orderId]);
    await client.waitFor(waiting, (r) => r.status === 'running');
    let hooks: { token?: string; runId?: string }[] = [];
    for (let i = 0; i < 50 && hooks.length === 0; i++) {
      const ran = await inspect(['hooks', '--run', waiting]);
      expect(ran.code, ran.stderr).toBe(0);
      hooks = listed<{ token?: string; runId?: string }>(ran.stdout);
    }
    expect(hooks).toEqual([expect.objectContaining({ runId: waiting, token: `approval:${orderId}` })]);
    // A read token sees the hook, not its token (the token resumes the hook).
    const asReader = listed<{ token?: string }>((await inspect(['hooks', '--run', waiting], readToken)).stdout);
    expect(asReader.map((h) => h.token)).toEqual(['[redacted]']);
    await client.cancel(waiting);

    const streams = await inspect(['streams', '--run', streamRun]);
    expect(streams.code, streams.stderr).toBe(0);
    expect(streams.stdout).toContain(`strm_${streamRun.slice('wrun_'.length)}_user`);
  });

  it('resumeHook(token, payload) and getRun(id).cancel() work from Node through the remote World', async () => {
    const orderId = `o-${crypto.randomUUID()}`;
    const approval = await client.start('approval', [orderId]);
    const doomed = await client.start('approval', [`o-${crypto.randomUUID()}`]);
    await client.waitFor(approval, (r) => r.status === 'running');
    await client.waitFor(doomed, (r) => r.status === 'running');
    const script = [
      "import { getRun, resumeHook } from 'workflow/api';",
      'const [token, runId] = process.argv.slice(1);',
      // The hook exists once the run has reached createHook(): retried until then.
      'for (let i = 0; ; i++) { try { await resumeHook(token, { approved: true, by: "node" }); break; } catch (e) { if (i > 100 || e.name !== "HookNotFoundError") throw e; await new Promise((r) => setTimeout(r, 100)); } }',
      'await getRun(runId).cancel();',
    ].join('\n');
    const ran = await run(process.execPath, ['--input-type=module', '-e', script, `approval:${orderId}`, doomed], operatorToken, EXAMPLE_DIR);
    expect(ran.code, ran.stderr).toBe(0);
    expect(await client.waitFor(approval, isTerminal)).toMatchObject({ status: 'completed', output: { orderId, approved: true, by: 'node' } });
    expect((await client.waitFor(doomed, isTerminal)).status).toBe('cancelled');
  });

  it('no token, a wrong token and a read-only token on a write are refused and change nothing', async () => {
    // Without a token the remote World is not even built: the CLI says which variable is missing.
    const none = await inspect(['runs'], null);
    expect(none.stdout + none.stderr).toContain('The remote World needs WORKFLOW_CLOUDFLARE_TOKEN');
    // On the wire, the same request without a token is a 401.
    const bare = await fetch(`${baseUrl}/.well-known/workflow/v1/world/call`, { method: 'POST', body: '' });
    expect(bare.status).toBe(401);
    expect(await bare.json()).toMatchObject({ error: { code: 'WORLD_API_TOKEN_REQUIRED' } });

    const wrongToken = `${operatorToken.slice(0, -4)}AAAA`;
    const wrong = await inspect(['runs'], wrongToken);
    expect(wrong.stdout + wrong.stderr).toContain('HTTP Error 401');
    await expect(createRemoteWorld({ url: baseUrl, token: wrongToken }).runs.list({})).rejects.toMatchObject({
      name: 'WorkflowWorldError',
      status: 401,
      code: 'WORLD_API_TOKEN_INVALID',
    });

    // A read token reads, but cannot cancel: the run it tried to cancel keeps waiting; the operator token can.
    const waiting = await client.start('approval', [`o-${crypto.randomUUID()}`]);
    await client.waitFor(waiting, (r) => r.status === 'running');
    const readerRuns = await inspect(['runs', '--limit', '5'], readToken);
    expect(readerRuns.code, readerRuns.stderr).toBe(0);
    expect((JSON.parse(readerRuns.stdout) as { data: { runId: string }[] }).data.map((r) => r.runId)).toContain(waiting);
    const refused = await run(WORKFLOW_CLI, ['cancel', waiting, '--backend', BACKEND], readToken);
    expect(refused.code).not.toBe(0);
    // What the CLI was told: 403, because the token is read-only.
    const reader = createRemoteWorld({ url: baseUrl, token: readToken });
    await expect(reader.events.create(waiting, { eventType: 'run_cancelled' })).rejects.toMatchObject({
      name: 'WorkflowWorldError',
      status: 403,
      code: 'READ_ONLY_TOKEN',
    });
    expect((await client.run(waiting)).status).toBe('running');
    const cancelled = await run(WORKFLOW_CLI, ['cancel', waiting, '--backend', BACKEND], operatorToken);
    expect(cancelled.code, cancelled.stdout + cancelled.stderr).toBe(0);
    expect((await client.waitFor(waiting, isTerminal)).status).toBe('cancelled');
  });
});

describe('workflow web on the remote World, in headless Chromium', () => {
  let web: ChildProcess | undefined;
  let webUrl: string;
  let orderRun: string;
  let streamRun: string;
  let pausedRun: string;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(`No Chromium at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
    }
    mkdirSync(ARTIFACTS, { recursive: true });
    orderRun = await startedRun([PROCESS_ORDER, '["o-web", 7]']);
    streamRun = await startedRun(['--stream', PROGRESS, '[3, 5]']);
    pausedRun = await client.start('approval', [`o-${crypto.randomUUID()}`]);
    await client.waitFor(pausedRun, (r) => r.status === 'running');
    await client.pause(pausedRun);

    const port = await freePort();
    webUrl = `http://127.0.0.1:${port}`;
    web = spawn(WORKFLOW_CLI, ['web', '--backend', BACKEND, '--noBrowser', '--webPort', String(port)], {
      cwd: E2E_DIR,
      env: { ...process.env, WORKFLOW_CLOUDFLARE_URL: baseUrl, WORKFLOW_CLOUDFLARE_TOKEN: operatorToken, WORKFLOW_NO_UPDATE_CHECK: '1', NO_COLOR: '1' },
      stdio: 'ignore',
      detached: true,
    });
    const deadline = Date.now() + 90_000;
    for (;;) {
      const up = await fetch(webUrl).then((r) => r.ok, () => false);
      if (up) break;
      if (Date.now() > deadline) throw new Error('workflow web did not answer within 90 s');
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  afterAll(() => {
    // The CLI starts the web server in its own process group: end all of it.
    if (web?.pid) process.kill(-web.pid, 'SIGTERM');
  });

  it("shows a run's steps, events and stream chunks, and a paused run with its hook; screenshots are written", async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      // As root in a sandbox, with no network beyond loopback (see the machine notes in the README).
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await page.goto(`${webUrl}/run/${orderRun}`);
      await page.getByText('Connected to: workflow-world-cloudflare/remote').waitFor({ timeout: 60_000 });
      // The trace: one span per step, labelled with its name and timings (short spans draw their label past the
      // bar's end, so the text is read off the page rather than checked for a visible box).
      await expect.poll(() => page.locator('body').innerText(), { timeout: 60_000 }).toMatch(/validateOrder[\s\S]*chargeCard[\s\S]*shipOrder/);
      await page.getByText('Completed', { exact: true }).filter({ visible: true }).first().waitFor({ timeout: 60_000 });
      const runShot = join(ARTIFACTS, 'web-ui-run.png');
      await page.screenshot({ path: runShot });
      expect(statSync(runShot).size).toBeGreaterThan(10_000);

      await page.getByText('Events', { exact: true }).filter({ visible: true }).first().click();
      await page.getByText('Run Created', { exact: true }).filter({ visible: true }).first().waitFor({ timeout: 60_000 });
      await expect(page.getByText('Step Completed', { exact: true }).filter({ visible: true }).count()).resolves.toBe(3);

      // A run's stream, read through the remote World's stream route.
      await page.goto(`${webUrl}/run/${streamRun}`);
      await page.getByText('Streams', { exact: true }).filter({ visible: true }).first().click();
      const streamName = `strm_${streamRun.slice('wrun_'.length)}_user`;
      await page.getByText(streamName, { exact: true }).filter({ visible: true }).first().click();
      await expect.poll(() => page.locator('body').innerText(), { timeout: 60_000 }).toMatch(/Stream Chunks\s*\(3\)[\s\S]*step:\s*3,?\s*of:\s*3/);
      await page.screenshot({ path: join(ARTIFACTS, 'web-ui-stream.png') });

      // A paused run: still running for the DevKit, with its open hook (labelled by its token) in the trace.
      await page.goto(`${webUrl}/run/${pausedRun}`);
      const body = () => page.locator('body').innerText();
      await expect.poll(body, { timeout: 60_000 }).toMatch(/approval[\s\S]*Status\s+Running/);
      await expect.poll(body, { timeout: 60_000 }).toMatch(/approval:o-[0-9a-f-]{36}/);
      await page.screenshot({ path: join(ARTIFACTS, 'web-ui-paused-run.png') });
    } finally {
      await browser.close();
    }
    await client.resume(pausedRun);
    await client.cancel(pausedRun);
  });
});
