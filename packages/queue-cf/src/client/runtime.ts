/**
 * What the producer, the fast path and the consumer share: the checked config, the handler registry and
 * how to reach a shard's coordinator.
 */
import type { QueueConfig } from './config.js';
import type { WorkflowQueueObject } from '../object/workflow-queue-object.js';
import type { HandlerRegistry } from './dispatch.js';

export interface QueueRuntime {
  config: QueueConfig;
  registry: HandlerRegistry;
  coordinator(shard: string): DurableObjectStub<WorkflowQueueObject>;
  waitUntil(promise: Promise<unknown>): void;
}
