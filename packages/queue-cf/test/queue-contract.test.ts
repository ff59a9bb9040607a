/// <reference types="@cloudflare/vitest-plugin/types" />
// The Cloudflare queue against the shared Queue contract (core/testing).
import { env } from 'cloudflare:test';
import { runQueueContract } from '@workflow-world-cloudflare/core/testing';
import { describe } from 'vitest';
import { createTestQueue, recorderOf } from './behaviour.js';

describe('createCloudflareQueue (Queue contract)', () =>
  runQueueContract(() => ({
    queue: createTestQueue(env),
    calls: async (tag) => (await recorderOf(env).calls(tag)).map(({ messageId, attempt, queueName }) => ({ messageId, attempt, queueName })),
  })));
