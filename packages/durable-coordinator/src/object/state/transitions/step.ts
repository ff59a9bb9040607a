/**
 * Step transitions. Every write is guarded by the step's status read in the same transaction, so exactly
 * one terminal write wins however many deliveries race (the object serializes them).
 */
import { EntityConflictError, RunExpiredError, TooEarlyError, WorkflowWorldError } from '@workflow/errors';
import { isTerminalStepStatus, isTerminalWorkflowRunStatus, type Step } from '@workflow/world';
import { insertStep, readStep, updateStep } from '../steps.js';
import { narrow, recordEvent, type Transition, type TransitionResult } from './context.js';

/** `step_created`: a new pending step; a duplicate correlation id is a conflict. */
export function createStep(t: Transition): TransitionResult {
  const { data } = narrow<'step_created'>(t);
  if (readStep(t.h, data.correlationId)) {
    throw new EntityConflictError(`step_created for correlationId "${data.correlationId}" already exists in run "${t.runId}"`);
  }
  const event = recordEvent(t);
  const step: Step = {
    runId: t.runId,
    stepId: data.correlationId,
    stepName: data.eventData.stepName,
    status: 'pending',
    input: data.eventData.input,
    attempt: 0,
    createdAt: event.createdAt,
    updatedAt: event.createdAt,
    specVersion: t.specVersion,
  };
  insertStep(t.h, step);
  t.ops.push({ op: 'putStep', stepId: step.stepId, runId: t.runId }, { op: 'putCorrelation', correlationId: step.stepId, runId: t.runId });
  return { event, step };
}

/** `step_started` / `step_completed` / `step_failed` / `step_retrying` on an existing, live step. */
export function advanceStep(t: Transition): TransitionResult {
  const correlationId = (t.data as { correlationId: string }).correlationId;
  const step = liveStep(t, correlationId);
  switch (t.data.eventType) {
    case 'step_started':
      return startStep(t, step);
    case 'step_completed': {
      const event = recordEvent(t);
      const at = event.createdAt;
      return save(t, { ...step, status: 'completed', output: t.data.eventData.result, completedAt: at, updatedAt: at }, event);
    }
    case 'step_failed': {
      const event = recordEvent(t);
      const at = event.createdAt;
      return save(t, { ...step, status: 'failed', error: structuredError(t), completedAt: at, updatedAt: at }, event);
    }
    case 'step_retrying': {
      const event = recordEvent(t);
      const { retryAfter } = t.data.eventData;
      return save(t, { ...step, status: 'pending', error: structuredError(t), retryAfter, updatedAt: event.createdAt }, event);
    }
    default:
      throw new WorkflowWorldError(`Not a step event: ${t.data.eventType}`);
  }
}

function startStep(t: Transition, step: Step): TransitionResult {
  if (step.retryAfter && step.retryAfter.getTime() > t.now) {
    throw new TooEarlyError(`Cannot start step "${step.stepId}": retryAfter timestamp has not been reached yet`, {
      retryAfter: Math.ceil((step.retryAfter.getTime() - t.now) / 1000),
    });
  }
  const event = recordEvent(t);
  const at = event.createdAt;
  const started: Step = {
    ...step,
    status: 'running',
    startedAt: step.startedAt ?? at,
    attempt: step.attempt + 1,
    retryAfter: undefined,
    updatedAt: at,
  };
  return save(t, started, event);
}

/** The step, refusing missing and terminal ones; on an ended run only a running step may still move. */
function liveStep(t: Transition, stepId: string): Step {
  const step = readStep(t.h, stepId);
  // Same class and message as the reference worlds; the 404 status lets HTTP surfaces answer "not found".
  if (!step) throw new WorkflowWorldError(`Step "${stepId}" not found`, { status: 404 });
  if (isTerminalStepStatus(step.status)) {
    throw new EntityConflictError(`Cannot modify step in terminal state "${step.status}"`);
  }
  // The reference worlds skip the run check for step_completed / step_retrying: a running step may always
  // report back, even after its run ended.
  const checksRun = t.data.eventType === 'step_started' || t.data.eventType === 'step_failed';
  if (checksRun && t.run && isTerminalWorkflowRunStatus(t.run.status) && step.status !== 'running') {
    throw new RunExpiredError(`Cannot modify non-running step on run in terminal state "${t.run.status}"`);
  }
  return step;
}

function structuredError(t: Transition): Step['error'] {
  return t.call.structuredError ?? { message: 'Unknown error' };
}

function save(t: Transition, step: Step, event: TransitionResult['event']): TransitionResult {
  updateStep(t.h, step);
  return { event, step };
}
