/**
 * The environment every wrangler this repository spawns runs with: offline (no metrics, no error reports, no
 * `cf` fetch; see /work/shared/README.md) and with plain output, so logs and parsed output carry no colour codes.
 */
export const OFFLINE_ENV = {
  WRANGLER_SEND_METRICS: 'false',
  WRANGLER_SEND_ERROR_REPORTS: 'false',
  CLOUDFLARE_CF_FETCH_ENABLED: 'false',
  NO_COLOR: '1',
  FORCE_COLOR: '0',
} as const;
