// The World's queue (the umbrella's wiring of queue-cf, `execution: 'queue'`) against the shared Queue contract.
import { runQueueContract } from '@workflow-world-cloudflare/core/testing';
import { describe } from 'vitest';
import { callsOf, testWorld } from './helpers.js';

describe('createCloudflareWorld queue (Queue contract)', () =>
  runQueueContract(() => ({
    queue: testWorld(),
    calls: async (tag) => (await callsOf(tag)).map(({ messageId, attempt, queueName }) => ({ messageId, attempt, queueName })),
  })));
