/** Reading an object we wrote: its absence is our failure to report, never a silent `null`. */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';

/**
 * The object stored under `key`.
 *
 * @param what names the object in the error, e.g. `'Queue body'`.
 * @throws CloudflareWorldError `BLOB_MISSING` (with `details.key`) when nothing is stored under `key`.
 */
export async function getR2Object(bucket: R2Bucket, key: string, what: string): Promise<R2ObjectBody> {
  const object = await bucket.get(key);
  if (object === null) throw new CloudflareWorldError('BLOB_MISSING', `${what} ${key} is missing from R2`, { details: { key } });
  return object;
}
