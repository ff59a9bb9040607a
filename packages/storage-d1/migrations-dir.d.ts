/** Absolute path of this package's D1 migrations, for `readD1Migrations(STORAGE_D1_MIGRATIONS_DIR)`. */
export declare const STORAGE_D1_MIGRATIONS_DIR: string;
