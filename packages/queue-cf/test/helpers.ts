/** Shared test helpers. */
import { env, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { newRunId } from '@workflow-world-cloudflare/core';
import type { WorkflowQueueObject } from '../src/index.js';

export const coordinator = (shard: string) =>
  env.WORKFLOW_QUEUE_COORDINATOR.get(env.WORKFLOW_QUEUE_COORDINATOR.idFromName(shard));

/** A step payload whose handler behaviour is `behaviour` (see behaviour.ts); the run id tags the calls. */
export function stepPayload(behaviour = 'ok', runId: string = newRunId()) {
  return { workflowName: behaviour, workflowRunId: runId, workflowStartedAt: Date.now(), stepId: `step_${runId}` };
}

/** Moves every stored due time to the past and fires the alarm, as if the clock had advanced. */
export async function advanceAndFire(shard: string): Promise<boolean> {
  const stub = coordinator(shard);
  await runInDurableObject(stub, async (_obj: WorkflowQueueObject, state) => {
    state.storage.sql.exec('UPDATE wf_queue_messages SET due_at = ?', Date.now() - 1);
    await state.storage.setAlarm(Date.now() - 1);
  });
  return runDurableObjectAlarm(stub);
}
