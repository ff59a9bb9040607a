// Node-side helper for other packages' vitest configs (plain JS so it loads without a build, in Node or in
// vite's config bundler, which rewrites import.meta.url to this file's own URL).
/** Absolute path of this package's D1 migrations, for `readD1Migrations(STORAGE_D1_MIGRATIONS_DIR)`. */
export const STORAGE_D1_MIGRATIONS_DIR = decodeURIComponent(new URL('./migrations', import.meta.url).pathname);
