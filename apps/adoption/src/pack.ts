/**
 * Packs every publishable package as the release would (`pnpm pack`: publishConfig applied, `workspace:` and
 * `catalog:` specs rewritten) and checks each tarball with publint and attw (ESM-only profile).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Package name -> absolute path of its tarball. */
export type Tarballs = Record<string, string>;

/** The workspace packages that are published (not private). */
export function publishablePackages(): { name: string; dir: string }[] {
  const packagesDir = join(ROOT, 'packages');
  return readdirSync(packagesDir)
    .map((entry) => ({ dir: join(packagesDir, entry), json: join(packagesDir, entry, 'package.json') }))
    .map(({ dir, json }) => ({ dir, manifest: JSON.parse(readFileSync(json, 'utf8')) as { name: string; private?: boolean } }))
    .filter(({ manifest }) => !manifest.private)
    .map(({ dir, manifest }) => ({ name: manifest.name, dir }));
}

/** `pnpm pack` of every publishable package into `outDir`. */
export function packAll(outDir: string): Tarballs {
  const tarballs: Tarballs = {};
  for (const { name, dir } of publishablePackages()) {
    const output = execFileSync('pnpm', ['pack', '--pack-destination', outDir], { cwd: dir, encoding: 'utf8' });
    const file = output.trim().split('\n').pop()!.trim();
    tarballs[name] = file.startsWith('/') ? file : join(outDir, file);
  }
  return tarballs;
}

/** The npm `dependencies` + `overrides` that install our packages from the tarballs (the rest from the registry). */
export function tarballSpecs(tarballs: Tarballs): Record<string, string> {
  return Object.fromEntries(Object.entries(tarballs).map(([name, file]) => [name, `file:${file}`]));
}
