/**
 * Retention: when a finished run expires, and how far its deletion got. Kept in `wf_meta`, so it is written in
 * the same transactions as the run and survives the wipe of everything else (it is the run's tombstone).
 *
 * Stages (`expiry_stage`):
 * - absent: the run has not finished (an operator may already have set `retention_override`);
 * - `kept`: finished, retention `forever`;
 * - `scheduled`: finished, expires at `expires_at` (the object's alarm);
 * - `purging`: the object's own rows are gone (one transaction); what the run owned elsewhere (D1 rows through
 *   the outbox, R2 payloads and streams, KV cache entries) is deleted by the alarm, resumably (`purge_work`);
 * - `purged`: nothing of the run remains but these meta rows, which refuse any attempt to bring it back.
 *
 * Each function runs inside the caller's `transactionSync`.
 */
import { RunExpiredError } from '@workflow/errors';
import { deleteMeta, getMeta, setMeta } from './meta.js';
import { all, type RunSql, write } from './sql.js';

export type ExpiryStage = 'kept' | 'scheduled' | 'purging' | 'purged';

/** What is left to delete outside the object once its rows are gone. */
export interface PurgeWork {
  runId: string;
  /** KV read-cache keys still to delete (the run's and its steps'). */
  cacheKeys: string[];
  /** Queue bodies of the run's inbox rows spilled to R2. */
  spillKeys: string[];
}

/** What operators see of a run's retention (`control.setRetention`). */
export interface RetentionState {
  /** The run's own retention (ms; `null` forever), when an operator set one; else the World's applies. */
  override?: number | null;
  /** Where deletion stands; absent while the run has not finished. */
  stage?: ExpiryStage;
  /** When the finished run expires (ms since epoch). */
  expiresAt?: number;
}

export function expiryStage(h: RunSql): ExpiryStage | null {
  return getMeta(h, 'expiry_stage') as ExpiryStage | null;
}

export function expiresAt(h: RunSql): number | null {
  const at = getMeta(h, 'expires_at');
  return at === null ? null : Number(at);
}

/** The run is being deleted or was: nothing may bring it back. */
export function isExpired(h: RunSql): boolean {
  const stage = expiryStage(h);
  return stage === 'purging' || stage === 'purged';
}

/** @throws RunExpiredError when the run expired (retention) and was, or is being, deleted. */
export function assertNotExpired(h: RunSql, runId: string): void {
  if (isExpired(h)) throw new RunExpiredError(`Workflow run "${runId}" expired (retention) and was deleted`);
}

/**
 * The run just ended at `completedAt`: schedules its expiry with the operator's override, else `retentionMs`
 * (`null`: forever). Only the first end counts (a repeated cancel changes nothing). Answers when it expires.
 */
export function noteRunEnded(h: RunSql, completedAt: number, retentionMs: number | null): number | null {
  if (expiryStage(h) !== null) return expiresAt(h);
  return schedule(h, completedAt, overrideOf(h) ?? { ms: retentionMs });
}

/**
 * An operator's retention for this run (`null`: forever). On a finished run it moves the expiry (from its
 * `completedAt`); before the end it is kept for then.
 *
 * @throws RunExpiredError when the run expired and is being, or was, deleted.
 */
export function setRetentionOverride(h: RunSql, runId: string, ms: number | null, completedAt: number | undefined): RetentionState {
  assertNotExpired(h, runId);
  setMeta(h, 'retention_override', ms === null ? 'forever' : String(ms));
  if (completedAt !== undefined) schedule(h, completedAt, { ms });
  return retentionState(h);
}

export function retentionState(h: RunSql): RetentionState {
  const override = overrideOf(h);
  const stage = expiryStage(h);
  const at = expiresAt(h);
  return {
    ...(override ? { override: override.ms } : {}),
    ...(stage ? { stage } : {}),
    ...(at === null ? {} : { expiresAt: at }),
  };
}

function overrideOf(h: RunSql): { ms: number | null } | undefined {
  const raw = getMeta(h, 'retention_override');
  if (raw === null) return undefined;
  return { ms: raw === 'forever' ? null : Number(raw) };
}

function schedule(h: RunSql, completedAt: number, retention: { ms: number | null }): number | null {
  if (retention.ms === null) {
    setMeta(h, 'expiry_stage', 'kept');
    deleteMeta(h, 'expires_at');
    return null;
  }
  const at = completedAt + retention.ms;
  setMeta(h, 'expiry_stage', 'scheduled');
  setMeta(h, 'expires_at', String(at));
  return at;
}

/** Tables that hold the run itself; all of them are emptied by {@link wipeRunRows}. */
const RUN_TABLES = ['wf_events', 'wf_run', 'wf_steps', 'wf_hooks', 'wf_waits'] as const;
/** Meta rows that outlive the wipe: the schema and the retention record (the tombstone). */
const KEPT_META = ['schema_version', 'retention_override', 'expiry_stage', 'expires_at', 'purge_work', 'purge_attempts'];

/** The ids the D1 index keys this run's lookups by: its steps, and every correlation id of its events. */
export function indexKeysOfRun(h: RunSql): { stepIds: string[]; correlationIds: string[] } {
  const stepIds = all(h, h.db.selectFrom('wf_steps').select('step_id')).map((r) => r.step_id);
  const correlationIds = all(
    h,
    h.db.selectFrom('wf_events').select('correlation_id').distinct().where('correlation_id', 'is not', null),
  ).map((r) => r.correlation_id as string);
  return { stepIds, correlationIds };
}

/** Empties the run's tables and meta (but the retention record), and marks the run `purging` with `work` left. */
export function wipeRunRows(h: RunSql, work: PurgeWork): void {
  for (const table of RUN_TABLES) write(h, h.db.deleteFrom(table));
  write(h, h.db.deleteFrom('wf_meta').where('key', 'not in', KEPT_META));
  setMeta(h, 'expiry_stage', 'purging');
  setMeta(h, 'purge_work', JSON.stringify(work));
}

export function purgeWork(h: RunSql): PurgeWork | null {
  const raw = getMeta(h, 'purge_work');
  return raw === null ? null : (JSON.parse(raw) as PurgeWork);
}

export function updatePurgeWork(h: RunSql, work: PurgeWork): void {
  setMeta(h, 'purge_work', JSON.stringify(work));
}

/** Counts a failed purge pass; answers the count (for backoff). */
export function notePurgeFailure(h: RunSql): number {
  const attempts = Number(getMeta(h, 'purge_attempts') ?? '0') + 1;
  setMeta(h, 'purge_attempts', String(attempts));
  return attempts;
}

/** Everything outside the object is gone: only the tombstone stays. */
export function finishPurge(h: RunSql): void {
  deleteMeta(h, 'purge_work');
  deleteMeta(h, 'purge_attempts');
  setMeta(h, 'expiry_stage', 'purged');
}
