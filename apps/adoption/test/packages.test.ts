/** The tarballs a release would publish: publint clean, attw clean for the ESM-only profile, specs rewritten. */
import { execFileSync } from 'node:child_process';
import { describe, expect, inject, it } from 'vitest';

const tarballs = inject('tarballs');

describe.each(inject('lint'))('$name', ({ name, publint, attw }) => {
  it('is publint clean', () => {
    expect(publint, publint).not.toMatch(/exit \d|error|warning|suggestion/i);
  });

  it('is attw clean (ESM-only profile: only the CommonJS resolutions it ignores may complain)', () => {
    expect(attw, attw).not.toMatch(/^exit \d+/);
    const problems = attw.split('\n').filter((line) => /arethetypeswrong\.github\.io\/blob\/main\/docs\/problems/.test(line));
    expect(problems.filter((line) => !line.startsWith('(ignored per resolution)')), attw).toEqual([]);
  });

  it('ships a README and the Apache-2.0 LICENSE, no workspace:/catalog: specs and no in-repo export condition', () => {
    const list = execFileSync('tar', ['-tzf', tarballs[name]!], { encoding: 'utf8' });
    expect(list).toContain('package/README.md');
    expect(list).toContain('package/LICENSE');
    const manifest = execFileSync('tar', ['-xzOf', tarballs[name]!, 'package/package.json'], { encoding: 'utf8' });
    expect(manifest).not.toMatch(/workspace:|catalog:|wwc-source/);
    expect(JSON.parse(manifest)).toMatchObject({ license: 'Apache-2.0', engines: { node: '>=22.12' } });
  });
});
