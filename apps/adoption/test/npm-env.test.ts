/** The adoption installs give npm the user's registry settings and none of pnpm's own `npm_*` variables. */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { npmUserEnv } from '../src/npm-env.js';

const fromPnpm = {
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  npm_config_registry: 'https://mirror.example.invalid/',
  'npm_config_@acme:registry': 'https://acme.example.invalid/',
  'npm_config_//mirror.example.invalid/:_authToken': 'token-value',
  npm_config_https_proxy: 'http://proxy.example.invalid:3128',
  npm_config_user_agent: 'pnpm/10.34.9 npm/? node/v22.23.3 linux x64',
  npm_config_verify_deps_before_run: 'false',
  npm_config_node_gyp: '/somewhere/pnpm/node-gyp-bin/node-gyp',
  npm_lifecycle_event: 'test',
  npm_package_name: 'adoption',
  npm_execpath: '/somewhere/pnpm.cjs',
  NPM_COMMAND: 'run',
};

describe('npmUserEnv', () => {
  it("keeps the user's registry, scoped registry, auth and proxy settings and drops pnpm's npm_* variables", () => {
    const env = npmUserEnv(fromPnpm);
    expect(Object.keys(env).sort()).toEqual(
      [
        'HOME',
        'PATH',
        'npm_config_registry',
        'npm_config_@acme:registry',
        'npm_config_//mirror.example.invalid/:_authToken',
        'npm_config_https_proxy',
      ].sort(),
    );
    expect(env.npm_config_registry).toBe('https://mirror.example.invalid/');
  });

  it('is what plain npm then reads: the mirror as its registry, no pnpm user agent', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wwc-npm-env-'));
    try {
      const npm = (key: string) =>
        execFileSync('npm', ['config', 'get', key], { cwd: dir, encoding: 'utf8', env: npmUserEnv(fromPnpm) }).trim();
      expect(npm('registry')).toBe('https://mirror.example.invalid/');
      expect(npm('@acme:registry')).toBe('https://acme.example.invalid/');
      expect(npm('user-agent')).not.toContain('pnpm');
      expect(npm('node-gyp')).not.toBe('/somewhere/pnpm/node-gyp-bin/node-gyp');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
