#!/usr/bin/env bash
# Quick start, command 1: installs what it needs (Node 22 and pnpm into .tooling/ if missing, the workspace),
# builds, then runs apps/example on the local Cloudflare runtime and shows a DevKit workflow completing.
# Pass --keep to leave the example running on 127.0.0.1 afterwards.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
pnpm run build
node apps/e2e/src/quickstart.ts "$@"
