/// <reference types="@cloudflare/vitest-plugin/types" />
// Applies storage-d1's real migrations to the local D1 before the tests (idempotent per test file).
import { applyD1Migrations, env } from 'cloudflare:test';

await applyD1Migrations(env.DB, env.TEST_MIGRATIONS);
