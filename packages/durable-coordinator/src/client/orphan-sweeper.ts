/**
 * Runs in the Worker: the backstop of retention. Deletion normally happens in each run's own object (see
 * `expiry-purger.ts`), but R2 data can outlive a run that never came to be — payloads offloaded for a
 * `run_created` that then failed and whose cleanup failed too, or streams written under a run id that never
 * existed. The sweeper walks the run prefixes in R2 (`payloads/<runId>/`, `streams/by-run/<runId>/`) a page per
 * call, asks each run's object whether it holds the run, and deletes the data of runs it does not hold — only
 * data older than a grace period, so a run being created right now (its payloads are stored before its object
 * hears of it) is never touched.
 */
import { deleteR2Prefix, listRunPrefixes, newestUpload, PAYLOADS_AREA, runPayloadPrefix } from '@workflow-world-cloudflare/blob-r2';
import { CloudflareWorldError, decodeOpaqueCursor, encodeOpaqueCursor, zodProblems } from '@workflow-world-cloudflare/core';
import { purgeRunStreams, RUN_REGISTRY_AREA, runMarkerPrefix, type WorkflowStreamObject } from '@workflow-world-cloudflare/streamer-r2';
import { z } from 'zod';
import type { WorkflowRunObject } from '../object/workflow-run-object.js';

/** Default age below which data is never swept: far longer than any run creation takes. */
export const DEFAULT_SWEEP_GRACE_MS = 60 * 60 * 1000;

export interface SweepOptions {
  /** Where the previous call stopped (its `cursor`); absent: from the start. */
  cursor?: string;
  /** Run prefixes looked at in this call, 1–500 (default 100): each costs an object call and an R2 list. */
  limit?: number;
  /** Only data older than this is swept (default 1 hour). */
  graceMs?: number;
}

export interface SweepResult {
  /** Run prefixes looked at. */
  checked: number;
  /** Runs whose data was deleted: `area` says which data, `deleted` how many R2 objects (payloads) or streams. */
  orphans: { runId: string; area: 'payloads' | 'streams'; deleted: number }[];
  /** Pass to the next call; absent once everything was looked at. */
  cursor?: string;
}

const OptionsSchema = z.strictObject({
  cursor: z.string().optional(),
  limit: z.number().int().min(1).max(500).default(100),
  graceMs: z.number().int().min(0).default(DEFAULT_SWEEP_GRACE_MS),
});
const CursorSchema = z.strictObject({ area: z.enum(['payloads', 'streams']), r2: z.string().optional() });
type Position = z.output<typeof CursorSchema>;

const AREAS = { payloads: PAYLOADS_AREA, streams: RUN_REGISTRY_AREA } as const;

export interface OrphanSweeper {
  /** One bounded page of the sweep. @throws CloudflareWorldError `INVALID_ARGUMENT` for bad options or a bad cursor. */
  sweep(options?: SweepOptions): Promise<SweepResult>;
}

export function createOrphanSweeper(deps: {
  runs: DurableObjectNamespace<WorkflowRunObject>;
  bucket: R2Bucket;
  streams: DurableObjectNamespace<WorkflowStreamObject>;
}): OrphanSweeper {
  async function runIsHeld(runId: string): Promise<boolean> {
    const result = await deps.runs.get(deps.runs.idFromName(runId)).runsGet(runId);
    if (result.ok) return true;
    if (result.error.name === 'WorkflowRunNotFoundError') return false;
    throw new CloudflareWorldError('INDEX_UNAVAILABLE', `Could not tell whether run "${runId}" exists: ${result.error.message}`);
  }

  return {
    async sweep(options = {}) {
      const parsed = OptionsSchema.safeParse(options);
      if (!parsed.success) {
        throw new CloudflareWorldError('INVALID_ARGUMENT', `Invalid sweepOrphans options: ${zodProblems(parsed.error, '(options)').join('; ')}`);
      }
      const { limit, graceMs } = parsed.data;
      const at = positionOf(parsed.data.cursor);
      const page = await listRunPrefixes(deps.bucket, AREAS[at.area], { limit, ...(at.r2 === undefined ? {} : { cursor: at.r2 }) });
      const orphans: SweepResult['orphans'] = [];
      const cutoff = Date.now() - graceMs;
      for (const runId of page.runIds) {
        if (await runIsHeld(runId)) continue;
        const prefix = at.area === 'payloads' ? runPayloadPrefix(runId) : runMarkerPrefix(runId);
        const newest = await newestUpload(deps.bucket, prefix);
        if (newest === null || newest > cutoff) continue;
        const deleted =
          at.area === 'payloads'
            ? await deleteR2Prefix(deps.bucket, prefix)
            : await purgeRunStreams({ streams: deps.streams, bucket: deps.bucket }, runId);
        orphans.push({ runId, area: at.area, deleted });
      }
      const next: Position | undefined = page.cursor !== undefined ? { area: at.area, r2: page.cursor } : at.area === 'payloads' ? { area: 'streams' } : undefined;
      return { checked: page.runIds.length, orphans, ...(next ? { cursor: encodeOpaqueCursor(next) } : {}) };
    },
  };
}

function positionOf(cursor: string | undefined): Position {
  if (cursor === undefined) return { area: 'payloads' };
  try {
    return CursorSchema.parse(decodeOpaqueCursor(cursor));
  } catch (cause) {
    throw new CloudflareWorldError('INVALID_ARGUMENT', 'Invalid sweepOrphans cursor: pass back the cursor a previous call returned', { cause });
  }
}
