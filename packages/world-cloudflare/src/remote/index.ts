/**
 * @module
 * `workflow-world-cloudflare/remote`: the World of a Worker running `createWorkflowWorker`, reached over HTTPS
 * from Node (or any runtime with `fetch`). Load it in the DevKit's tools with
 * `WORKFLOW_TARGET_WORLD=workflow-world-cloudflare/remote` (or `--backend`), `WORKFLOW_CLOUDFLARE_URL` and
 * `WORKFLOW_CLOUDFLARE_TOKEN`; pass `createRemoteWorld(...)` to `start(fn, args, { world })` in code.
 * Ships as ESM and CommonJS (the DevKit loads World modules with `require`).
 */
import { createWorld } from './client.js';

export { createRemoteWorld, createWorld, type RemoteWorld, type RemoteWorldOptions } from './client.js';
export default createWorld;
