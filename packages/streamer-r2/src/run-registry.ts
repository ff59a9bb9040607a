/**
 * Which streams belong to a run: one empty R2 object per (run, stream) pair under `streams/by-run/<runId>/`.
 * R2 listing is strongly consistent, so a stream is listed as soon as its first write returns; the marker is
 * written once per pair (the stream object remembers it) and needs no binding beyond the bucket.
 */
import { nameFromMarkerKey, runMarkerKey, runMarkerPrefix } from './keys.js';

/** Records that stream `name` belongs to `runId` (idempotent). */
export async function registerStream(bucket: R2Bucket, runId: string, name: string): Promise<void> {
  await bucket.put(runMarkerKey(runId, name), new Uint8Array(0));
}

/** Every stream name registered for `runId`, in key order. */
export async function listRunStreams(bucket: R2Bucket, runId: string): Promise<string[]> {
  const prefix = runMarkerPrefix(runId);
  const names: string[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await bucket.list(cursor === undefined ? { prefix } : { prefix, cursor });
    for (const o of page.objects) names.push(nameFromMarkerKey(prefix, o.key));
    if (!page.truncated) return names;
    cursor = page.cursor;
  }
}
