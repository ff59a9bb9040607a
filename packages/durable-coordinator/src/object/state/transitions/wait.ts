/** Wait (sleep) transitions: `wait_created` once per correlation id, `wait_completed` once per wait. */
import { EntityConflictError, WorkflowWorldError } from '@workflow/errors';
import type { Wait } from '@workflow/world';
import { putWait, readWait } from '../waits.js';
import { narrow, recordEvent, type Transition, type TransitionResult } from './context.js';

export function createWait(t: Transition): TransitionResult {
  const { data } = narrow<'wait_created'>(t);
  if (readWait(t.h, data.correlationId)) throw new EntityConflictError(`Wait "${data.correlationId}" already exists`);
  const event = recordEvent(t);
  const wait: Wait = {
    waitId: `${t.runId}-${data.correlationId}`,
    runId: t.runId,
    status: 'waiting',
    resumeAt: data.eventData.resumeAt,
    createdAt: event.createdAt,
    updatedAt: event.createdAt,
    specVersion: t.specVersion,
  };
  putWait(t.h, data.correlationId, wait);
  t.ops.push({ op: 'putCorrelation', correlationId: data.correlationId, runId: t.runId });
  return { event, wait };
}

export function completeWait(t: Transition): TransitionResult {
  const { data } = narrow<'wait_completed'>(t);
  const wait = readWait(t.h, data.correlationId);
  if (!wait) throw new WorkflowWorldError(`Wait "${data.correlationId}" not found`);
  if (wait.status === 'completed') throw new EntityConflictError(`Wait "${data.correlationId}" already completed`);
  const event = recordEvent(t);
  const completed: Wait = { ...wait, status: 'completed', completedAt: event.createdAt, updatedAt: event.createdAt };
  putWait(t.h, data.correlationId, completed);
  return { event, wait: completed };
}
