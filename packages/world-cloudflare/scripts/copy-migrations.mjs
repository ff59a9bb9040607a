// Ships storage-d1's D1 migrations inside this package (dist/migrations), so an app that installs only
// `workflow-world-cloudflare` can point wrangler's `migrations_dir` at
// `node_modules/workflow-world-cloudflare/dist/migrations`. Resolved through storage-d1's public export.
import { cpSync, mkdirSync } from 'node:fs';
import { STORAGE_D1_MIGRATIONS_DIR } from '@workflow-world-cloudflare/storage-d1/migrations-dir';

const target = new URL('../dist/migrations', import.meta.url);
mkdirSync(target, { recursive: true });
cpSync(STORAGE_D1_MIGRATIONS_DIR, target, { recursive: true });
