/** A run's data under an R2 prefix: deleting all of it (a run's expiry), listing which runs have some (the orphan sweep). */

/** R2 lists and deletes at most this many keys per call. */
export const R2_MAX_KEYS_PER_CALL = 1000;

/**
 * Deletes every object whose key starts with `prefix`, a page (≤ 1000 keys) at a time, and answers how many it
 * deleted. Idempotent: objects already gone are skipped. R2 listing is strongly consistent, so once this
 * returns nothing under the prefix remains (but what is written under it afterwards).
 *
 * @example
 * ```ts
 * await deleteR2Prefix(env.BUCKET, `payloads/${runId}/`);
 * ```
 */
export async function deleteR2Prefix(bucket: R2Bucket, prefix: string): Promise<number> {
  if (prefix === '') throw new Error('deleteR2Prefix: refusing to delete the whole bucket (empty prefix)');
  let deleted = 0;
  for (;;) {
    // Always the first page: the previous page's objects are gone, so a cursor would skip nothing useful.
    const page = await bucket.list({ prefix, limit: R2_MAX_KEYS_PER_CALL });
    const keys = page.objects.map((o) => o.key);
    if (keys.length > 0) await bucket.delete(keys);
    deleted += keys.length;
    if (!page.truncated || keys.length === 0) return deleted;
  }
}

/** A page of the run ids that have objects under `<area>/<runId>/` (R2's delimited listing), and where to go on. */
export interface RunPrefixPage {
  runIds: string[];
  /** Pass back to get the next page; absent on the last page. */
  cursor?: string;
}

/**
 * The run ids with at least one object under `area` (e.g. `payloads/`), `limit` at a time, in key order: for
 * sweepers that look for data whose run is gone.
 */
export async function listRunPrefixes(bucket: R2Bucket, area: string, options: { cursor?: string; limit: number }): Promise<RunPrefixPage> {
  const page = await bucket.list({
    prefix: area,
    delimiter: '/',
    limit: options.limit,
    ...(options.cursor === undefined ? {} : { cursor: options.cursor }),
  });
  const runIds = page.delimitedPrefixes.map((p) => decodeURIComponent(p.slice(area.length, -1)));
  return page.truncated ? { runIds, cursor: page.cursor } : { runIds };
}

/** The newest upload time (ms) under `prefix`, or `null` when nothing is there. */
export async function newestUpload(bucket: R2Bucket, prefix: string): Promise<number | null> {
  let newest: number | null = null;
  let cursor: string | undefined;
  for (;;) {
    const page = await bucket.list({ prefix, limit: R2_MAX_KEYS_PER_CALL, ...(cursor === undefined ? {} : { cursor }) });
    for (const o of page.objects) newest = Math.max(newest ?? 0, o.uploaded.getTime());
    if (!page.truncated) return newest;
    cursor = page.cursor;
  }
}
