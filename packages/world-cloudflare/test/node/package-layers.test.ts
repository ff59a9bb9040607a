/**
 * The shape of the packages, checked on the sources: dependencies point only down the layers, a package
 * reaches another only through what that one exports, nothing is re-exported wholesale across packages,
 * and inside each Durable Object package the object side never imports the Worker (client) side.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const PACKAGES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

/** Lower layers first; a package may depend only on packages of a lower layer. */
const LAYERS: Record<string, number> = {
  core: 0,
  'blob-r2': 1,
  'storage-d1': 1,
  'workers-runtime': 1,
  'queue-cf': 2,
  'streamer-r2': 2,
  'durable-coordinator': 3,
  'world-cloudflare': 4,
};

/** The packages whose `src/` is split into `object/` (inside the Durable Object) and `client/` (the Worker). */
const OBJECT_PACKAGES = ['durable-coordinator', 'queue-cf', 'streamer-r2'];

interface PackageJson {
  name: string;
  dependencies?: Record<string, string>;
  exports?: Record<string, unknown>;
}

const manifests = new Map<string, PackageJson>(
  Object.keys(LAYERS).map((dir) => [dir, JSON.parse(readFileSync(join(PACKAGES_DIR, dir, 'package.json'), 'utf8')) as PackageJson]),
);
const dirOfName = new Map([...manifests].map(([dir, pkg]) => [pkg.name, dir]));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Module specifiers of `import … from` / `export … from` / `import('…')` statements. */
function specifiers(source: string): string[] {
  const found: string[] = [];
  for (const m of source.matchAll(/^\s*(?:import|export)\b[^'"`;]*?\bfrom\s+'([^']+)'/gm)) found.push(m[1] as string);
  for (const m of source.matchAll(/^\s*import\s+'([^']+)'/gm)) found.push(m[1] as string);
  for (const m of source.matchAll(/\bimport\(\s*'([^']+)'\s*\)/g)) found.push(m[1] as string);
  return found;
}

/** `@workflow-world-cloudflare/x/sub` → ['x', './sub']; `workflow-world-cloudflare/sub` → ['world-cloudflare', './sub']. */
function workspaceTarget(spec: string): [string, string] | undefined {
  for (const [name, dir] of dirOfName) {
    if (spec === name) return [dir, '.'];
    if (spec.startsWith(`${name}/`)) return [dir, `./${spec.slice(name.length + 1)}`];
  }
  return undefined;
}

describe('package layers', () => {
  it('every workspace dependency is a package of a lower layer', () => {
    const upward: string[] = [];
    for (const [dir, pkg] of manifests) {
      for (const dep of Object.keys(pkg.dependencies ?? {})) {
        const target = dirOfName.get(dep);
        if (target !== undefined && !((LAYERS[target] as number) < (LAYERS[dir] as number))) upward.push(`${dir} -> ${target}`);
      }
    }
    expect(upward).toEqual([]);
  });

  it("sources import other packages only through their declared dependencies' exports, and never re-export one wholesale", () => {
    const problems: string[] = [];
    for (const dir of Object.keys(LAYERS)) {
      const pkg = manifests.get(dir) as PackageJson;
      for (const file of sourceFiles(join(PACKAGES_DIR, dir, 'src'))) {
        const source = readFileSync(file, 'utf8');
        const where = relative(PACKAGES_DIR, file);
        if (/^export \* from '(?!\.)/m.test(source)) problems.push(`${where}: export * from another package`);
        for (const spec of specifiers(source)) {
          if (spec.startsWith('.')) {
            const target = resolve(dirname(file), spec);
            if (!target.startsWith(join(PACKAGES_DIR, dir, 'src'))) problems.push(`${where}: ${spec} leaves the package's src`);
            continue;
          }
          const target = workspaceTarget(spec);
          if (!target || target[0] === dir) continue;
          const [targetDir, subpath] = target;
          const targetPkg = manifests.get(targetDir) as PackageJson;
          if (!(targetPkg.name in (pkg.dependencies ?? {}))) problems.push(`${where}: imports ${spec}, not a dependency of ${pkg.name}`);
          if (!(subpath in (targetPkg.exports ?? {}))) problems.push(`${where}: imports ${spec}, which ${targetPkg.name} does not export`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it.each(OBJECT_PACKAGES)('%s: the object side (src/object) imports nothing from the Worker side (src/client)', (dir) => {
    const objectDir = join(PACKAGES_DIR, dir, 'src/object');
    const clientDir = join(PACKAGES_DIR, dir, 'src/client');
    const crossing: string[] = [];
    for (const file of sourceFiles(objectDir)) {
      for (const spec of specifiers(readFileSync(file, 'utf8'))) {
        if (spec.startsWith('.') && resolve(dirname(file), spec).startsWith(clientDir)) crossing.push(`${relative(PACKAGES_DIR, file)}: ${spec}`);
      }
    }
    expect(sourceFiles(objectDir).length).toBeGreaterThan(0);
    expect(crossing).toEqual([]);
  });
});
