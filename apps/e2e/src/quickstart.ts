/**
 * The README's quick start: runs apps/example on the local (embedded) Cloudflare runtime — `wrangler dev` on
 * 127.0.0.1 with local D1, R2, KV, Queues and Durable Objects — starts a workflow over HTTP and shows it
 * completing, step by step. `--keep` leaves the server running for you to explore (Ctrl-C stops it).
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, isTerminal } from './client.ts';
import { EXAMPLE_DIR, startDevServer } from './dev-server.ts';

const keep = process.argv.includes('--keep');

/** `KEY=VALUE` lines of the example's `.dev.vars.example`. */
function localDevVars(): Record<string, string> {
  const text = readFileSync(join(EXAMPLE_DIR, '.dev.vars.example'), 'utf8');
  return Object.fromEntries([...text.matchAll(/^([A-Z_]+)=(.+)$/gm)].map((m) => [m[1] as string, m[2] as string]));
}
const persistTo = join(EXAMPLE_DIR, '.wrangler/quickstart-state');
mkdirSync(persistTo, { recursive: true });

console.log('Starting apps/example with wrangler dev (local workerd, D1, R2, KV, Queues, Durable Objects)…');
// The example's local secrets (.dev.vars.example), the same on every start: runs kept in quickstart-state replay
// with the signing secret they began with, and `--keep` users find the API token in that file.
const server = await startDevServer({ persistTo, vars: localDevVars() });
const stop = async () => {
  await server.stop();
};
try {
  const client = createClient(server.url, server.apiToken);
  console.log(`Ready on ${server.url}\n`);
  console.log(`POST ${server.url}/runs/processOrder  ["order-1", 42]`);
  const runId = await client.start('processOrder', ['order-1', 42]);
  console.log(`  -> runId ${runId}`);
  const run = await client.waitFor(runId, isTerminal, 60_000);
  for (const event of await client.events(runId)) {
    const step = typeof event.eventData?.stepName === 'string' ? `  ${event.eventData.stepName.split('//').pop()}` : '';
    console.log(`  ${event.createdAt}  ${event.eventType.padEnd(15)}${step}`);
  }
  console.log(`\nGET ${server.url}/runs/${runId}\n  -> status ${run.status}, output ${JSON.stringify(run.output)}`);
  if (run.status !== 'completed') throw new Error(`the workflow ended ${run.status}: ${JSON.stringify(run.error)}`);
  console.log('\nThe workflow completed on the local Cloudflare runtime.');
  if (keep) {
    console.log(`\nServer still running on ${server.url} (see apps/example/README.md for the API). Ctrl-C to stop.`);
    console.log("Operator routes (reading runs, cancel, pause…) need `authorization: Bearer <API_TOKEN>`, from apps/example/.dev.vars.example.");
    process.on('SIGINT', () => void stop().then(() => process.exit(0)));
    await new Promise(() => {});
  }
} catch (error) {
  console.error(`\nQuick start failed: ${(error as Error).message}\n----- wrangler dev log -----\n${server.log()}`);
  process.exitCode = 1;
} finally {
  if (!keep) await stop();
}
