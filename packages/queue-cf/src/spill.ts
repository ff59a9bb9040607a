/**
 * Bodies too large for a queue message live in R2 under `queue/<messageId>` until the message is acked.
 * Dead-lettered messages keep theirs, so whoever reads the dead-letter queue can still read the body.
 */
import { CloudflareWorldError } from '@workflow-world-cloudflare/core';
import { SPILL_PREFIX } from './envelope.js';

export async function spillBody(bucket: R2Bucket, messageId: string, body: string): Promise<string> {
  const key = `${SPILL_PREFIX}${messageId}`;
  await bucket.put(key, body, { httpMetadata: { contentType: 'application/json' } });
  return key;
}

/** @throws CloudflareWorldError `BLOB_MISSING` when the object is gone. */
export async function loadBody(bucket: R2Bucket, key: string): Promise<string> {
  const object = await bucket.get(key);
  if (object === null) {
    throw new CloudflareWorldError('BLOB_MISSING', `Queue body ${key} is missing from R2`, { details: { key } });
  }
  return object.text();
}
