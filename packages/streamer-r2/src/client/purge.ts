/**
 * `purgeRunStreams`: deletes every stream a run wrote, for the run's expiry (retention). Per stream: its object's
 * state, its R2 segments and large chunks, then its registry marker last — so a purge interrupted half-way is
 * found again by the next call and finished. A stream another run also wrote keeps its data; only this run's
 * marker goes.
 */
import { deleteR2Prefix } from '@workflow-world-cloudflare/blob-r2';
import { largeChunkPrefix, runMarkerKey, segmentPrefix } from '../keys.js';
import { unwrapRpc } from '@workflow-world-cloudflare/core';
import { listRunStreams } from '../run-registry.js';
import type { WorkflowStreamObject } from '../object/workflow-stream-object.js';

export interface PurgeRunStreamsOptions {
  /** The `WORKFLOW_STREAM` namespace. */
  streams: DurableObjectNamespace<WorkflowStreamObject>;
  /** The `BUCKET` the streams' segments, large chunks and registry live in. */
  bucket: R2Bucket;
}

/** Deletes the streams of `runId`; answers how many streams it deleted (kept shared ones not counted). Idempotent. */
export async function purgeRunStreams(opts: PurgeRunStreamsOptions, runId: string): Promise<number> {
  let purged = 0;
  for (const name of await listRunStreams(opts.bucket, runId)) {
    const stub = opts.streams.get(opts.streams.idFromName(name));
    const { purged: owned } = unwrapRpc(await stub.purge({ runId }));
    if (owned) {
      await deleteR2Prefix(opts.bucket, segmentPrefix(name));
      await deleteR2Prefix(opts.bucket, largeChunkPrefix(name));
      purged++;
    }
    await opts.bucket.delete(runMarkerKey(runId, name));
  }
  return purged;
}
