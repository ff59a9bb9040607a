/// <reference types="@cloudflare/vitest-plugin/types" />
// Shared setup: every test works under its own run id, so it can list exactly the objects it wrote.
import { newRunId } from '@workflow-world-cloudflare/core';
import { env } from 'cloudflare:test';
import { createPayloadOffloader, createR2BlobStore, type BlobStore } from '../src/index.js';

export const THRESHOLD = 1024;
export const MAX = 6 * 1024 * 1024;

export function setup(blobs: BlobStore = createR2BlobStore(env.BUCKET)) {
  return { blobs, offloader: createPayloadOffloader({ blobs, threshold: THRESHOLD, maxPayloadBytes: MAX }), runId: newRunId() };
}

/** Keys stored under `payloads/<runId>/`. */
export async function storedKeys(runId: string): Promise<string[]> {
  const listed = await env.BUCKET.list({ prefix: `payloads/${runId}/` });
  return listed.objects.map((o) => o.key);
}

/** Deterministic bytes of every value 0..255, null bytes included. */
export function pattern(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (i * 31 + (i >> 8)) & 0xff;
  return bytes;
}
