/**
 * The handle every run-state module takes: the object's synchronous SQL storage plus the compile-only
 * Kysely. Statements are compiled, then executed with `exec`, so they are safe inside `transactionSync`.
 * Hot statements are prepared once per isolate (`prepared`): compiled on first use, only bound afterwards.
 */
import { type BoundQuery, prepare, runWrite, selectAll, selectFirst, type SqlStatement } from '@workflow-world-cloudflare/core';
import type { Compilable, Kysely } from 'kysely';
import { createQueryBuilder, type RunObjectDatabase } from './schema.js';

export interface RunSql {
  readonly db: Kysely<RunObjectDatabase>;
  readonly sql: SqlStorage;
}

/** The compile-only builder prepared statements are built with. */
const QUERY = createQueryBuilder();

/** A statement compiled once, bound to its arguments; `R` is the row it returns. */
export interface Prepared<R> extends BoundQuery {
  readonly row?: R;
}

/**
 * Prepares a statement whose shape does not depend on its arguments (each one a single scalar parameter).
 *
 * @example
 * ```ts
 * const selectStep = prepared((db, stepId: string) => db.selectFrom('wf_steps').select('data').where('step_id', '=', stepId));
 * first(h, selectStep(stepId));
 * ```
 */
export function prepared<A extends unknown[], R>(
  build: (db: Kysely<RunObjectDatabase>, ...args: A) => Compilable<R>,
): (...args: A) => Prepared<R> {
  return prepare((...args: A) => build(QUERY, ...args)) as (...args: A) => Prepared<R>;
}

type Statement<R> = Compilable<R> | Prepared<R>;

/** Runs `query` and returns every row. */
export const all = <R>(h: RunSql, query: Statement<R>): R[] => selectAll<R>(h.sql, query as SqlStatement);

/** Runs `query` and returns its first row, or `null`. */
export const first = <R>(h: RunSql, query: Statement<R>): R | null => selectFirst<R>(h.sql, query as SqlStatement);

/** Runs a write and returns how many rows it touched. */
export const write = (h: RunSql, query: Statement<unknown>): number => runWrite(h.sql, query as SqlStatement);
