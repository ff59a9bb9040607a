/**
 * The `Storage` contract suite: every rule of the World's storage half, written against the interface only,
 * so any implementation (and the umbrella package) can run it with its own factory.
 *
 * @example
 * ```ts
 * describe('my storage', () => runStorageContract(() => createMyStorage()));
 * ```
 */
import { describe } from 'vitest';
import { badInputContract } from './bad-input.js';
import type { StorageFactory } from './fixtures.js';
import { hooksAndWaitsContract } from './hooks-waits.js';
import { readsContract } from './reads.js';
import { runLifecycleContract } from './run-lifecycle.js';
import { stepsContract } from './steps.js';

export type { StorageFactory } from './fixtures.js';

/** Registers the contract suite. The factory's storage must refuse payloads above 8 MiB (`MAX_PAYLOAD_BYTES`). */
export function runStorageContract(factory: StorageFactory): void {
  describe('runs', () => runLifecycleContract(factory));
  describe('steps', () => stepsContract(factory));
  describe('hooks and waits', () => hooksAndWaitsContract(factory));
  describe('reads', () => readsContract(factory));
  describe('bad input', () => badInputContract(factory));
}
