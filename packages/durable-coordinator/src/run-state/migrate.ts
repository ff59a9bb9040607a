/** Versioned DDL: runs once per schema version, skipped entirely when the stored version is current. */
import { getMeta, setMeta } from './meta.js';
import { createQueryBuilder, SCHEMA_VERSION, schemaStatements } from './schema.js';
import type { RunSql } from './sql.js';

/** Brings the object's tables to {@link SCHEMA_VERSION}. Call inside `transactionSync`. */
export function ensureSchema(h: RunSql): void {
  const hasMeta = h.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'wf_meta'").toArray().length > 0;
  if (hasMeta && Number(getMeta(h, 'schema_version')) >= SCHEMA_VERSION) return;
  // DDL takes no parameters: one exec for all of it (a new run object runs this on its first call).
  h.sql.exec(schemaStatements(h.db).map((statement) => statement.sql).join(';\n'));
  setMeta(h, 'schema_version', String(SCHEMA_VERSION));
}

/** The SQL handle of a Durable Object's storage. */
export function createRunSql(storage: DurableObjectStorage): RunSql {
  return { db: createQueryBuilder(), sql: storage.sql };
}
