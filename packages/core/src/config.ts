/**
 * The World's configuration, checked once at the edge. Values come from the Worker's `vars` (strings) and can
 * be overridden by options passed to `createCloudflareWorld(env, options)` (typed). Unknown option keys are
 * rejected, so a typo fails at startup instead of being ignored. Defaults are the ones the project's original
 * README documented, so existing deployments keep their values.
 */
import { z } from 'zod';
import { CloudflareWorldError } from './errors.js';
import { zodProblems } from './zod-problems.js';

/** Inline rows must stay far below the 2 MB row cap of D1 and Durable Object SQLite. */
export const MAX_INLINE_THRESHOLD = 1_000_000;

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const DURATION_UNITS_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
/** Longest retention other than `forever`: ten years. */
export const MAX_RETENTION_MS = 3650 * DURATION_UNITS_MS.d;

/**
 * `forever`, `0` (delete on finish) or a whole number with a unit: `30s`, `15m`, `12h`, `7d` (≤ 3650d). Parsed
 * to milliseconds, `null` for forever.
 */
export const RetentionSchema = z
  .union([z.string(), z.number()])
  .transform((value, ctx): number | null => {
    const text = String(value).trim();
    if (text === 'forever') return null;
    if (text === '0') return 0;
    const match = /^(\d{1,7})([smhd])$/.exec(text);
    const ms = match ? Number(match[1]) * DURATION_UNITS_MS[match[2] as keyof typeof DURATION_UNITS_MS] : Number.NaN;
    if (!(ms <= MAX_RETENTION_MS)) {
      ctx.addIssue({ code: 'custom', message: `expected "forever", "0" or a duration such as "30s", "15m", "12h", "7d" (at most 3650d), got "${text}"` });
      return z.NEVER;
    }
    return ms;
  });

export const WorldConfigSchema = z.strictObject({
  /** Payloads (run input/output, step input/result, hook metadata/payload, errors) above this many bytes go to R2. Default 10240. */
  LARGE_DATA_THRESHOLD: int(0, MAX_INLINE_THRESHOLD).default(10_240),
  /** Largest single payload accepted, in bytes. Bigger ones fail with `PAYLOAD_TOO_LARGE` and nothing is written. Default 25 MiB. */
  MAX_PAYLOAD_BYTES: int(1, 100 * 1024 * 1024).default(25 * 1024 * 1024),
  /**
   * Events one run may hold. Reported on every answer that carries the run (`maxEvents`, as world-local and
   * Vercel's World do); the DevKit runtime then fails a run whose log reached it with `MAX_EVENTS_EXCEEDED`
   * before replaying it again. Default 25000, the DevKit's own default.
   */
  MAX_EVENTS_PER_RUN: int(1, 10_000_000).default(25_000),
  /**
   * How long a finished run (completed, failed, cancelled) is kept: then everything it owns is deleted (its
   * object's state, D1 index rows, R2 payloads, streams). `forever`, `0` (delete on finish) or `30s` / `15m` /
   * `12h` / `7d`. Read by the run objects from the Worker's vars. Default `7d`, as Cloudflare Workflows.
   */
  RUN_RETENTION: RetentionSchema.prefault('7d'),
  /** Returned by `getDeploymentId()` and stamped on queue messages. Default `"dpl_cloudflare"`. */
  DEPLOYMENT_ID: z.string().min(1).default('dpl_cloudflare'),
  /** Stamped on hooks (`ownerId`). Default `"cloudflare-owner"`. */
  OWNER_ID: z.string().min(1).default('cloudflare-owner'),
  /** Stamped on hooks (`projectId`). Default `"cloudflare-project"`. */
  PROJECT_ID: z.string().min(1).default('cloudflare-project'),
  /** Stamped on hooks (`environment`). Default `"production"`. */
  ENVIRONMENT: z.string().min(1).default('production'),
});

export type WorldConfig = z.output<typeof WorldConfigSchema>;
export type WorldConfigInput = z.input<typeof WorldConfigSchema>;
export type WorldConfigKey = keyof WorldConfig;

export const WORLD_CONFIG_KEYS = Object.keys(WorldConfigSchema.shape) as WorldConfigKey[];

/**
 * Reads the configuration keys from `env` (other env entries, such as bindings, are ignored), applies
 * `overrides` on top, validates the result and fills the defaults.
 *
 * @throws CloudflareWorldError `CONFIG_INVALID`, naming every bad key.
 * @example
 * ```ts
 * const config = parseWorldConfig(env, { LARGE_DATA_THRESHOLD: 4096 });
 * ```
 */
export function parseWorldConfig(
  env: Record<string, unknown>,
  overrides: Partial<WorldConfigInput> = {},
): WorldConfig {
  const fromEnv: Record<string, unknown> = {};
  for (const key of WORLD_CONFIG_KEYS) {
    const value = env[key];
    if (value !== undefined && value !== '') fromEnv[key] = value;
  }
  const result = WorldConfigSchema.safeParse({ ...fromEnv, ...stripUndefined(overrides) });
  if (!result.success) {
    const problems = zodProblems(result.error, '(options)');
    throw new CloudflareWorldError('CONFIG_INVALID', `Invalid workflow-world-cloudflare configuration: ${problems.join('; ')}`, {
      cause: result.error,
      details: { issues: problems },
    });
  }
  return result.data;
}

function stripUndefined(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}
