/**
 * `MAX_EVENTS_PER_RUN`: the ceiling every answer that carries the run reports as `maxEvents`, which the DevKit
 * runtime enforces (a run whose log reached it fails with MAX_EVENTS_EXCEEDED before it is replayed again: the
 * whole path is in apps/e2e/test/limits.test.ts).
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createCloudflareWorld } from '../src/index.js';
import { enc } from './helpers.js';

async function lifecycle(world: ReturnType<typeof createCloudflareWorld>) {
  const created = await world.events.create(null, {
    eventType: 'run_created',
    specVersion: 3,
    eventData: { deploymentId: 'dpl_test', workflowName: 'limited', input: enc('[]') },
  });
  const runId = created.run?.runId as string;
  const started = await world.events.create(runId, { eventType: 'run_started', specVersion: 3 });
  const again = await world.events.create(runId, { eventType: 'run_started', specVersion: 3 });
  const step = await world.events.create(runId, { eventType: 'step_created', specVersion: 3, correlationId: 'step_1', eventData: { stepName: 's', input: enc('[]') } });
  return { created, started, again, step };
}

describe('MAX_EVENTS_PER_RUN', () => {
  it('is reported as maxEvents with the run: 25000 by default, the DevKit’s own', async () => {
    const { created, started, again, step } = await lifecycle(createCloudflareWorld(env));
    expect(created.maxEvents).toBe(25_000);
    expect(started.maxEvents).toBe(25_000);
    expect(again.maxEvents).toBe(25_000); // the idempotent run_started of a concurrent delivery too
    expect(step.run).toBeUndefined();
    expect(step.maxEvents).toBeUndefined(); // answers without the run carry no ceiling, as in world-local
  });

  it('takes the configured value, from vars or options', async () => {
    const fromOptions = await lifecycle(createCloudflareWorld(env, { MAX_EVENTS_PER_RUN: 40 }));
    expect(fromOptions.started.maxEvents).toBe(40);
    const fromVars = await lifecycle(createCloudflareWorld({ ...env, MAX_EVENTS_PER_RUN: '7' } as typeof env));
    expect(fromVars.started.maxEvents).toBe(7);
  });

  it('refuses a ceiling that is not a positive integer with CONFIG_INVALID', () => {
    for (const bad of ['0', '-1', '2.5', 'lots']) {
      expect(() => createCloudflareWorld({ ...env, MAX_EVENTS_PER_RUN: bad } as typeof env)).toThrow(/MAX_EVENTS_PER_RUN/);
    }
  });
});
