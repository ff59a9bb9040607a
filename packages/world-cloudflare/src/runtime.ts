/**
 * @module
 * `workflow-world-cloudflare/runtime`: the bundle registry the generated `workflows-bundle.js` registers into
 * (same copy as `workflow-world-cloudflare/vm`).
 */
export * from '@workflow-world-cloudflare/workers-runtime';
