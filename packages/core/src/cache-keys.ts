/**
 * Keys of the optional KV read cache (`CACHE`), written by the umbrella's `withReadCache` and deleted by a run's
 * expiry (retention) in the run object: one rule for both.
 */
const PREFIX = 'wwc:v1:';

export const readCacheKey = {
  /** A run in a terminal state. */
  run: (runId: string): string => `${PREFIX}run:${runId}`,
  /** A step in a terminal state. */
  step: (stepId: string): string => `${PREFIX}step:${stepId}`,
} as const;
