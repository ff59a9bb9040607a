/**
 * The environment plain `npm` gets in the adoption tests: what a user's shell would give it. The tests run under
 * pnpm, which sets `npm_*` variables of its own (`npm_config_user_agent`, `npm_config_verify_deps_before_run`,
 * `npm_package_*`, `npm_lifecycle_*`, …): npm would read them as its own config (and warns about the ones it does
 * not know). The settings that say how this machine reaches a registry are the user's, not pnpm's, and stay:
 * without them an install behind a mirror, a proxy or a private CA fails here and nowhere else.
 */

/** `npm_config_*` keys (lower-cased) that say where and how npm fetches packages. */
const REGISTRY_SETTING =
  /^npm_config_(registry|@[^:]+:registry|\/\/.+|cache|userconfig|globalconfig|proxy|https_proxy|noproxy|strict_ssl|ca|cafile|fetch_retries|fetch_retry_factor|fetch_retry_mintimeout|fetch_retry_maxtimeout|fetch_timeout|prefer_offline|offline)$/;

/** `env` without the `npm_*` variables pnpm set, keeping the user's registry settings. */
export function npmUserEnv(env: NodeJS.ProcessEnv): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value === undefined) continue;
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_') && !REGISTRY_SETTING.test(lower)) continue;
    kept[key] = value;
  }
  return kept;
}
