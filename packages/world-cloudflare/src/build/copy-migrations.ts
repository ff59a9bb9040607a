import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** This package's root: the nearest directory above this module with a package.json (bundling may move it). */
function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return dir;
}

/** The directory of the D1 migrations this package ships (`dist/migrations`). */
export function migrationsDir(): string {
  return join(packageRoot(), 'dist', 'migrations');
}

/** What {@link copyMigrations} did. */
export interface CopyMigrationsResult {
  dir: string;
  copied: string[];
  upToDate: string[];
}

/**
 * Copies the World's D1 migrations into the app's own migrations directory (wrangler's `migrations_dir`), so
 * the app owns one directory with ours and its own tables side by side. Files already there and identical are
 * left alone; a file with the same name but different content is an error (never overwritten).
 *
 * @example
 * ```ts
 * await copyMigrations({ to: 'migrations' }); // then: wrangler d1 migrations apply DB --local
 * ```
 */
export async function copyMigrations(options: { to: string; cwd?: string }): Promise<CopyMigrationsResult> {
  const dir = resolve(options.cwd ?? process.cwd(), options.to);
  await mkdir(dir, { recursive: true });
  const result: CopyMigrationsResult = { dir, copied: [], upToDate: [] };
  const shipped = migrationsDir();
  for (const name of readdirSync(shipped).filter((file) => file.endsWith('.sql')).sort()) {
    const source = join(shipped, name);
    const target = join(dir, name);
    if (!existsSync(target)) {
      await copyFile(source, target);
      result.copied.push(name);
    } else if (readFileSync(target, 'utf8') === readFileSync(source, 'utf8')) {
      result.upToDate.push(name);
    } else {
      throw new Error(
        `${target} differs from the migration workflow-world-cloudflare ships under that name. Applied migrations ` +
          'must not change: keep your own tables in migrations with other names (wrangler d1 migrations create).',
      );
    }
  }
  return result;
}
