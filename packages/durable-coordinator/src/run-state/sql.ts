/**
 * The handle every run-state module takes: the object's synchronous SQL storage plus the compile-only
 * Kysely. Statements are compiled, then executed with `exec`, so they are safe inside `transactionSync`.
 */
import type { Compilable, Kysely } from 'kysely';
import type { RunObjectDatabase } from './schema.js';

export interface RunSql {
  readonly db: Kysely<RunObjectDatabase>;
  readonly sql: SqlStorage;
}

/** Runs `query` and returns every row. */
export function all<R>(h: RunSql, query: Compilable<R>): R[] {
  const c = query.compile();
  return h.sql.exec(c.sql, ...c.parameters).toArray() as R[];
}

/** Runs `query` and returns its first row, or `null`. */
export function first<R>(h: RunSql, query: Compilable<R>): R | null {
  return all(h, query)[0] ?? null;
}

/** Runs a write and returns how many rows it touched. */
export function write(h: RunSql, query: Compilable<unknown>): number {
  const c = query.compile();
  return h.sql.exec(c.sql, ...c.parameters).rowsWritten;
}
