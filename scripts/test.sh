#!/usr/bin/env bash
# Quick start, command 2: installs what it needs, then builds, typechecks and runs every package's tests
# (all of them inside the real Workers runtime) and apps/e2e (which also needs Chromium, for the DevKit's web UI).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/bootstrap.sh"
bash scripts/ensure-chromium.sh
pnpm run typecheck
pnpm run test
