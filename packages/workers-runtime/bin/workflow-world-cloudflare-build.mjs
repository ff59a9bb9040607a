#!/usr/bin/env node
// The `workflow-world-cloudflare-build` command. A committed shim, so package managers can link the bin before
// the package is built (in this monorepo) — the command itself lives in dist/build/cli.js.
import '../dist/build/cli.js';
