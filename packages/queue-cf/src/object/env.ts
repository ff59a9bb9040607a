/**
 * The bindings the coordinator object reads from its Worker's env. A Durable Object cannot be handed
 * bindings by a factory, so they have fixed names, checked once when the object starts.
 */
import { CloudflareWorldError, isBinding } from '@workflow-world-cloudflare/core';
import type { DeadLetter, Envelope } from '../envelope.js';

export interface QueueObjectEnv {
  /** Producer binding of the delivery queue (`workflow-queue`). */
  WORKFLOW_QUEUE: Queue<Envelope>;
  /** Producer binding of the dead-letter queue (`workflow-dlq`). */
  WORKFLOW_DLQ: Queue<DeadLetter>;
}

/** @throws CloudflareWorldError `BINDING_MISSING`, naming every absent binding. */
export function checkQueueObjectEnv(env: Partial<Record<keyof QueueObjectEnv, unknown>>): QueueObjectEnv {
  const missing = (['WORKFLOW_QUEUE', 'WORKFLOW_DLQ'] as const).filter((name) => !isBinding(env[name], 'queue'));
  if (missing.length > 0) {
    throw new CloudflareWorldError(
      'BINDING_MISSING',
      `WorkflowQueueObject needs Queue producer bindings ${missing.join(', ')} in the Worker's env`,
      { details: { missing } },
    );
  }
  return env as QueueObjectEnv;
}
