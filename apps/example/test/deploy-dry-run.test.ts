/**
 * `wrangler deploy --dry-run` of this Worker: the bundle builds offline with every binding declared, and its
 * size is printed (Workers cap the gzipped upload at 3 MiB on the free plan, 10 MiB on paid plans).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const wrangler = join(dirname(createRequire(join(root, 'package.json')).resolve('wrangler/package.json')), 'bin/wrangler.js');

describe('wrangler deploy --dry-run', () => {
  it('bundles the Worker and reports a size within the Workers limit', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'example-dry-run-'));
    try {
      const output = execFileSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', outdir], {
        cwd: root,
        env: { ...process.env, WRANGLER_SEND_METRICS: 'false', WRANGLER_SEND_ERROR_REPORTS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false', NO_COLOR: '1' },
        encoding: 'utf8',
      });
      const size = /Total Upload:\s*([\d.]+) KiB \/ gzip:\s*([\d.]+) KiB/.exec(output);
      expect(size, output).not.toBeNull();
      const [upload, gzip] = [Number(size![1]), Number(size![2])];
      console.log(`example Worker bundle: ${upload} KiB upload, ${gzip} KiB gzip`);
      expect(gzip).toBeLessThan(3 * 1024);
      expect(output).toContain('env.WORKFLOW_RUN (WorkflowRunObject)');
      expect(output).toContain('--dry-run: exiting now.');
      const files = readdirSync(outdir);
      // wrangler.jsonc's main is the build's worker.js (the entry with the DevKit's client transform).
      expect(files).toContain('worker.js');
      expect(statSync(join(outdir, 'worker.js')).size).toBeGreaterThan(100_000);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
