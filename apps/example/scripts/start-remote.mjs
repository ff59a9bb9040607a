#!/usr/bin/env node
/**
 * Starts a workflow on this Worker from Node, through the remote World, and prints its stream and result:
 *
 *   WORKFLOW_TARGET_WORLD=workflow-world-cloudflare/remote \
 *   WORKFLOW_CLOUDFLARE_URL=http://127.0.0.1:8787 WORKFLOW_CLOUDFLARE_TOKEN=<WORKFLOW_WORLD_API_TOKEN> \
 *   node scripts/start-remote.mjs 'workflow//./src/workflows/orders//processOrder' '["o-1", 42]'
 *   node scripts/start-remote.mjs --stream 'workflow//./src/workflows/streaming//progress' '[3, 10]'
 *
 * The workflow id is the `workflowName` that `workflow inspect runs` prints (and the keys of
 * `.workflow-cloudflare/manifest.json`). Output: with `--stream`, one JSON line per chunk of the run's stream
 * (read until the workflow closes it); then `{ runId, status, returnValue }`.
 */
import { start } from 'workflow/api';

const stream = process.argv[2] === '--stream';
const [workflowId, args = '[]'] = process.argv.slice(stream ? 3 : 2);
if (!workflowId) {
  console.error('usage: node scripts/start-remote.mjs [--stream] <workflowId> [JSON array of arguments]');
  process.exit(2);
}
const run = await start({ workflowId }, JSON.parse(args));
if (stream) {
  // A run's stream ends when the workflow closes it; a workflow that never writes one is never read here.
  for await (const chunk of run.getReadable()) console.log(JSON.stringify({ chunk }));
}
console.log(JSON.stringify({ runId: run.runId, status: await run.status, returnValue: await run.returnValue }));
