/**
 * Bodies too large for a queue message live in R2 under `queue/<messageId>` until the message is acked.
 * Dead-lettered messages keep theirs, so whoever reads the dead-letter queue can still read the body.
 */
import { getR2Object } from '@workflow-world-cloudflare/blob-r2';
import { SPILL_PREFIX } from '../envelope.js';

export async function spillBody(bucket: R2Bucket, messageId: string, body: string): Promise<string> {
  const key = `${SPILL_PREFIX}${messageId}`;
  await bucket.put(key, body, { httpMetadata: { contentType: 'application/json' } });
  return key;
}

/** @throws CloudflareWorldError `BLOB_MISSING` when the object is gone. */
export async function loadBody(bucket: R2Bucket, key: string): Promise<string> {
  return (await getR2Object(bucket, key, 'Queue body')).text();
}
