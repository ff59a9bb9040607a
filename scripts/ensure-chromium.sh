#!/usr/bin/env bash
# apps/e2e loads the DevKit's web UI (`workflow web`) in headless Chromium. Debian's `chromium` package is the
# browser (Playwright's own download cannot reach its CDN here); as root with apt this installs it once, else it
# says what to do. Set CHROMIUM_PATH to use another Chromium.
set -euo pipefail
CHROMIUM="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$CHROMIUM" ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-chromium: installing Debian's chromium (for the web UI test)" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
  exit 0
fi
echo "ensure-chromium: no Chromium at $CHROMIUM; the web UI test in apps/e2e will fail. Install Debian's chromium (sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
