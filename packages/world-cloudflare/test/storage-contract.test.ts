/// <reference types="@cloudflare/vitest-plugin/types" />
/**
 * The shared Storage contract (core/testing) against the umbrella's composition: `createCloudflareWorld`'s
 * storage half, with the KV read cache on (the test env binds `CACHE`), so the cache is proven not to change
 * any rule of the contract.
 */
import { env } from 'cloudflare:test';
import { runStorageContract } from '@workflow-world-cloudflare/core/testing';
import type { Storage } from '@workflow/world';
import { describe, expect, it } from 'vitest';
import { createCloudflareWorld } from '../src/index.js';

/** The contract's limit: payloads above 8 MiB are refused. */
const MAX_PAYLOAD_BYTES = 8 * 1024 * 1024;

function worldStorage(): Storage {
  const world = createCloudflareWorld(env, { MAX_PAYLOAD_BYTES });
  return { runs: world.runs, steps: world.steps, events: world.events, hooks: world.hooks };
}

describe('createCloudflareWorld storage (Storage contract, KV read cache on)', () => {
  it('runs with the KV cache bound', () => {
    expect(env.CACHE).toBeDefined();
  });
  runStorageContract(worldStorage);
});
