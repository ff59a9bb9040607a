/**
 * @module
 * `@workflow-world-cloudflare/core/testing`: contract suites that every implementation of a World part runs
 * against itself (STYLE rule 17). They use only the public `@workflow/world` interfaces and register vitest
 * tests, so `vitest` is an (optional) peer dependency of this entry only.
 *
 * @example
 * ```ts
 * import { describe } from 'vitest';
 * import { runStorageContract, runStreamerContract } from '@workflow-world-cloudflare/core/testing';
 * describe('my storage', () => runStorageContract(() => createMyStorage()));
 * describe('my streamer', () => runStreamerContract(() => createMyStreamer()));
 * ```
 */
export { runStorageContract, type StorageFactory } from './storage-contract/index.js';
export {
  contractBehaviour,
  contractStepPayload,
  type QueueFactory,
  type QueueHarness,
  type RecordedDelivery,
  runQueueContract,
} from './queue-contract.js';
export { freshStream, runStreamerContract, type StreamerFactory, take, text } from './streamer-contract.js';
export {
  allEvents,
  enc,
  eventTypes,
  freshRunId,
  newRun,
  newStep,
  settle,
  SPEC,
  startedRun,
  unique,
} from './storage-contract/fixtures.js';
