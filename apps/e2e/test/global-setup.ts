/**
 * One `wrangler dev` of apps/example for the whole suite (the restart test starts its own). Test-only
 * controls are switched on with a var; they are off in the example's own config.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { type DevServer, startDevServer } from '../src/dev-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
    apiToken: string;
    serverLog: string;
    /** The shared server's `--persist-to` directory (its local D1, R2, KV and Durable Object files). */
    persistDir: string;
    /** The World API's operator and read-only tokens (the remote World's credentials). */
    worldApiToken: string;
    worldApiReadToken: string;
  }
}

let server: DevServer | undefined;
let dir: string | undefined;

export async function setup(project: TestProject): Promise<void> {
  dir = mkdtempSync(join(tmpdir(), 'wwc-e2e-'));
  const logFile = join(dir, 'wrangler-dev.log');
  const worldApiToken = randomBytes(32).toString('base64url');
  const worldApiReadToken = randomBytes(32).toString('base64url');
  server = await startDevServer({
    persistTo: join(dir, 'state'),
    logFile,
    vars: { E2E_TEST_CONTROLS: '1', WORKFLOW_WORLD_API_TOKEN: worldApiToken, WORKFLOW_WORLD_API_READ_TOKEN: worldApiReadToken },
  });
  project.provide('baseUrl', server.url);
  project.provide('apiToken', server.apiToken);
  project.provide('serverLog', logFile);
  project.provide('persistDir', join(dir, 'state'));
  project.provide('worldApiToken', worldApiToken);
  project.provide('worldApiReadToken', worldApiReadToken);
}

export async function teardown(): Promise<void> {
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
