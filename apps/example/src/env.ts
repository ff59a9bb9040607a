import type { Env as WorldEnv } from 'workflow-world-cloudflare';

/** The example's bindings: the World's, plus the test switch (off unless set; never set it in production). */
export interface Env extends WorldEnv {
  /** "1" enables `POST /__test/runs/:runId/wake` (fires pending sleeps early). */
  E2E_TEST_CONTROLS?: string;
}
