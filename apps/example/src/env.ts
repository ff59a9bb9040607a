/**
 * The example's bindings: `Cloudflare.Env`, generated from wrangler.jsonc by `npm run cf-typegen`
 * (`wrangler types`), plus what wrangler.jsonc does not declare.
 */
export interface Env extends Cloudflare.Env {
  /** Secret (`.dev.vars` locally, `wrangler secret put` in production): signs flow/step deliveries. */
  WORKFLOW_SIGNING_SECRET?: string;
  /** Secret: the bearer token of the operator routes (`auth.ts`), at least 32 characters. Unset: they answer 401. */
  API_TOKEN?: string;
  /** "1" enables `POST /__test/runs/:runId/wake` (fires pending sleeps early). Off unless set; never in production. */
  E2E_TEST_CONTROLS?: string;
}
