/**
 * Drives `runWorkflow` from @workflow/core with hand-made event logs, the way a World would:
 * replay, read the suspension, append the events the step/wait/hook results produce, replay again.
 */
import {
  dehydrateStepReturnValue,
  dehydrateWorkflowArguments,
  hydrateWorkflowReturnValue,
} from '@workflow/core/serialization';
import type { Event, WorkflowRun } from '@workflow/world';
import { WORKFLOW_BUNDLE_KEY } from 'wwc-test:fixture-bundle';
import { runWorkflow } from 'wwc-test:workflow-core';

export { WORKFLOW_BUNDLE_KEY };

/** Fixed start of every run: replays see this as `Date.now()`. */
export const STARTED_AT = new Date('2026-11-24T08:00:00.000Z');

/** Workflow id the DevKit gives `name` exported from `workflows/<file>.ts`. */
export function workflowId(file: string, name: string): string {
  return `workflow//./workflows/${file}//${name}`;
}

/** One pending operation of a suspension (the fields the tests read). */
export interface PendingItem {
  type: 'step' | 'wait' | 'hook';
  correlationId: string;
  stepName?: string;
  args?: unknown[];
  token?: string;
  hasCreatedEvent?: boolean;
}

export type Outcome =
  | { kind: 'suspended'; items: PendingItem[] }
  | { kind: 'completed'; output: unknown; raw: unknown }
  | { kind: 'failed'; error: Error };

/** A run and its growing event log. */
export interface TestRun {
  run: WorkflowRun;
  events: Event[];
}

export async function createTestRun(workflowName: string, args: unknown[], runId: string): Promise<TestRun> {
  const input = (await dehydrateWorkflowArguments(args, runId, undefined)) as Uint8Array;
  const run = {
    runId,
    workflowName,
    status: 'running',
    deploymentId: 'dpl_test',
    specVersion: 2,
    input,
    startedAt: STARTED_AT,
    createdAt: STARTED_AT,
    updatedAt: STARTED_AT,
  } as WorkflowRun;
  const test: TestRun = { run, events: [] };
  append(test, 'run_created', undefined, { deploymentId: 'dpl_test', workflowName, input });
  append(test, 'run_started', undefined, {});
  return test;
}

/** Appends an event one second after the previous one. */
export function append(test: TestRun, eventType: string, correlationId: string | undefined, eventData: unknown): void {
  const n = test.events.length;
  test.events.push({
    eventId: `evnt_${String(n).padStart(4, '0')}`,
    runId: test.run.runId,
    eventType,
    correlationId,
    eventData,
    createdAt: new Date(STARTED_AT.getTime() + n * 1000),
  } as Event);
}

/** One replay of the run's current log. */
export async function replay(test: TestRun, code: string = WORKFLOW_BUNDLE_KEY): Promise<Outcome> {
  try {
    const raw = await runWorkflow(code, test.run, [...test.events], undefined);
    const output = await hydrateWorkflowReturnValue(raw, test.run.runId, undefined);
    return { kind: 'completed', output, raw };
  } catch (error) {
    const e = error as Error & { steps?: PendingItem[] };
    if (e.name === 'WorkflowSuspension') return { kind: 'suspended', items: [...(e.steps ?? [])] };
    return { kind: 'failed', error: e };
  }
}

export async function completeStep(test: TestRun, item: PendingItem, result: unknown): Promise<void> {
  const runId = test.run.runId;
  append(test, 'step_created', item.correlationId, { stepName: item.stepName, input: new Uint8Array() });
  append(test, 'step_started', item.correlationId, { stepName: item.stepName, attempt: 1 });
  const bytes = await dehydrateStepReturnValue(result, runId, undefined);
  append(test, 'step_completed', item.correlationId, { stepName: item.stepName, result: bytes });
}

export function failStep(test: TestRun, item: PendingItem, message: string): void {
  append(test, 'step_created', item.correlationId, { stepName: item.stepName, input: new Uint8Array() });
  append(test, 'step_started', item.correlationId, { stepName: item.stepName, attempt: 1 });
  append(test, 'step_failed', item.correlationId, {
    stepName: item.stepName,
    error: { message, name: 'FatalError' },
    fatal: true,
  });
}

/** What each fixture step returns, computed here instead of by the step handler. */
export function runFixtureStep(stepName: string, args: unknown[]): unknown {
  const name = stepName.split('//').at(-1);
  switch (name) {
    case 'add':
      return (args[0] as number) + (args[1] as number);
    case 'double':
      return (args[0] as number) * 2;
    case 'greet':
      return `good morning, ${String(args[0])}`;
    case 'writeGreeting':
      return String(args[1]).length;
    default:
      throw new Error(`fixture has no step ${stepName}`);
  }
}

/**
 * Replays until the run completes or fails, resolving every pending step with
 * {@link runFixtureStep}, every wait at once, and every hook with `hookPayload`.
 */
export async function drive(test: TestRun, hookPayload: unknown = { approved: true, by: 'ops' }): Promise<Outcome & { replays: number }> {
  for (let replays = 1; replays <= 20; replays++) {
    const outcome = await replay(test);
    if (outcome.kind !== 'suspended') return { ...outcome, replays };
    for (const item of outcome.items) {
      if (item.hasCreatedEvent) continue;
      if (item.type === 'step') {
        await completeStep(test, item, runFixtureStep(item.stepName ?? '', item.args ?? []));
      } else if (item.type === 'wait') {
        append(test, 'wait_created', item.correlationId, { resumeAt: new Date(STARTED_AT.getTime() + 3_600_000) });
        append(test, 'wait_completed', item.correlationId, {});
      } else {
        append(test, 'hook_created', item.correlationId, { token: item.token });
        const payload = await dehydrateStepReturnValue(hookPayload, test.run.runId, undefined);
        append(test, 'hook_received', item.correlationId, { token: item.token, payload });
      }
    }
  }
  throw new Error(`run ${test.run.runId} did not finish in 20 replays`);
}
