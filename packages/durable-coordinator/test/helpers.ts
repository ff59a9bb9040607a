/// <reference types="@cloudflare/vitest-plugin/types" />
/** The real storage on the test bindings (D1 `DB`, R2 `BUCKET`, `WORKFLOW_RUN` objects). */
import { env } from 'cloudflare:test';
import { createPayloadOffloader, createR2BlobStore } from '@workflow-world-cloudflare/blob-r2';
import { parseWorldConfig } from '@workflow-world-cloudflare/core';
import { createD1Index } from '@workflow-world-cloudflare/storage-d1';
import type { Storage } from '@workflow/world';
import { createDurableStorage, type DurableStorageOptions } from '../src/index.js';

/** The contract suite's limit: 8 MiB payloads. */
export const TEST_MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

export function createTestStorage(extra: Pick<DurableStorageOptions, 'runExecutionContext'> = {}): Storage {
  const config = parseWorldConfig({}, { MAX_PAYLOAD_BYTES: TEST_MAX_PAYLOAD_BYTES });
  return createDurableStorage({
    runs: env.WORKFLOW_RUN,
    index: createD1Index(env.DB),
    offloader: createPayloadOffloader({
      blobs: createR2BlobStore(env.BUCKET),
      threshold: config.LARGE_DATA_THRESHOLD,
      maxPayloadBytes: config.MAX_PAYLOAD_BYTES,
    }),
    config,
    ...extra,
  });
}

export function runStubOf(runId: string) {
  return env.WORKFLOW_RUN.get(env.WORKFLOW_RUN.idFromName(runId));
}
