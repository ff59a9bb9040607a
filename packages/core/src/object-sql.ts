/**
 * The SQL kit every Durable Object of ours uses on its own SQLite (`ctx.storage.sql`): Kysely builds the
 * statements but never runs them (no driver), and they run synchronously through `sql.exec`, so nothing awaits
 * inside a `transactionSync`; plus the versioned schema rule. One copy, for the run, queue and stream objects.
 */
import { DummyDriver, Kysely, SqliteAdapter, SqliteIntrospector, SqliteQueryCompiler } from 'kysely';
import type { CompilableQuery } from './prepared-sql.js';

/** What the kit needs of `ctx.storage.sql` (workerd's `SqlStorage` has it). */
export interface SqlExec {
  // biome-ignore lint/suspicious/noExplicitAny: workerd's bindings are `any[]`
  exec(query: string, ...bindings: any[]): { toArray(): unknown[]; readonly rowsWritten: number };
}

/** A statement: a builder (compiled on each call), or compiled SQL with its parameters (`prepare`'s {@link BoundQuery}). */
export type SqlStatement = CompilableQuery | { readonly sql: string; readonly parameters: readonly unknown[] };

/** A Kysely over `DB` that only compiles: running a query through it fails by design. */
export function compileOnlyKysely<DB>(): Kysely<DB> {
  return new Kysely<DB>({
    dialect: {
      createAdapter: () => new SqliteAdapter(),
      createDriver: () => new DummyDriver(),
      createIntrospector: (db) => new SqliteIntrospector(db),
      createQueryCompiler: () => new SqliteQueryCompiler(),
    },
  });
}

function bound(statement: SqlStatement): { sql: string; parameters: readonly unknown[] } {
  return 'compile' in statement ? statement.compile() : statement;
}

/** Runs `statement` and returns every row. */
export function selectAll<R>(sql: SqlExec, statement: SqlStatement): R[] {
  const { sql: text, parameters } = bound(statement);
  return sql.exec(text, ...parameters).toArray() as R[];
}

/** Runs `statement` and returns its first row, or `null`. */
export function selectFirst<R>(sql: SqlExec, statement: SqlStatement): R | null {
  return selectAll<R>(sql, statement)[0] ?? null;
}

/** Runs a write and returns how many rows it touched. */
export function runWrite(sql: SqlExec, statement: SqlStatement): number {
  const { sql: text, parameters } = bound(statement);
  return sql.exec(text, ...parameters).rowsWritten;
}

/** An object's schema: its DDL (idempotent: `IF NOT EXISTS`) and where it records the version in force. */
export interface ObjectSchema {
  /** Bump when `ddl` changes. */
  readonly version: number;
  /** Every statement, run together in one `exec` (DDL takes no parameters). */
  readonly ddl: readonly string[];
  /** The table that records the version: until it exists the object is fresh and `storedVersion` is not asked. */
  readonly versionTable: string;
  /** The recorded version (`null`: none yet). A newer version than `version` (a rollback of the code) is left
   * alone: its tables are a superset. */
  storedVersion(sql: SqlExec): number | null;
  /** Records `version` (the tables exist by then). */
  recordVersion(sql: SqlExec, version: number): void;
}

/**
 * Brings an object's tables to `schema.version`: nothing runs when the recorded version is current (the
 * common case, on every wake), else all the DDL runs at once and the version is recorded. Call inside
 * `transactionSync` (or `blockConcurrencyWhile`) so a half-made schema is never seen.
 */
export function ensureObjectSchema(sql: SqlExec, schema: ObjectSchema): void {
  const stored = tableExists(sql, schema.versionTable) ? schema.storedVersion(sql) : null;
  if (stored !== null && stored >= schema.version) return;
  sql.exec(schema.ddl.join(';\n'));
  schema.recordVersion(sql, schema.version);
}

/** Whether `table` exists (a fresh object has none of ours). */
export function tableExists(sql: SqlExec, table: string): boolean {
  return sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", table).toArray().length > 0;
}
