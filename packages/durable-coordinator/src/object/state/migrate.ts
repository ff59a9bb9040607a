/** Versioned DDL: runs once per schema version, skipped entirely when the stored version is current. */
import { ensureObjectSchema } from '@workflow-world-cloudflare/core';
import { getMeta, setMeta } from './meta.js';
import { createQueryBuilder, SCHEMA_VERSION, schemaStatements } from './schema.js';
import type { RunSql } from './sql.js';

/** Brings the object's tables to {@link SCHEMA_VERSION}. Call inside `transactionSync`. */
export function ensureSchema(h: RunSql): void {
  ensureObjectSchema(h.sql, {
    version: SCHEMA_VERSION,
    ddl: schemaStatements(h.db).map((statement) => statement.sql),
    versionTable: 'wf_meta',
    storedVersion() {
      const stored = getMeta(h, 'schema_version');
      return stored === null ? null : Number(stored);
    },
    recordVersion: (_, version) => setMeta(h, 'schema_version', String(version)),
  });
}

/** The SQL handle of a Durable Object's storage. */
export function createRunSql(storage: DurableObjectStorage): RunSql {
  return { db: createQueryBuilder(), sql: storage.sql };
}
