/**
 * Which runs get keyed sandbox randomness: runs created by a World that executes runs in their objects and
 * has a signing secret are stamped with the secret's public fingerprint; other runs keep core's public seed.
 */
import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { createCloudflareWorld, type CloudflareWorldOptions } from '../src/index.js';
import { enc } from './helpers.js';

const SECRET_A = 'a'.repeat(16) + crypto.randomUUID();
const SECRET_B = 'b'.repeat(16) + crypto.randomUUID();

async function stampOf(options: CloudflareWorldOptions, bindings: typeof env = env): Promise<unknown> {
  const world = createCloudflareWorld(bindings, options);
  const { run } = await world.events.create(null, {
    eventType: 'run_created',
    specVersion: world.specVersion,
    eventData: { deploymentId: 'dpl_test', workflowName: 'keyed', input: enc('[]'), executionContext: { traceCarrier: {} } },
  });
  expect(run?.executionContext?.traceCarrier).toEqual({});
  return run?.executionContext?.sandboxRandomness;
}

describe('sandbox randomness stamp', () => {
  it('a run-object World with a secret stamps keyed-v1 and the secret’s fingerprint, never the secret', async () => {
    const a = await stampOf({ execution: 'run-object', signingSecret: SECRET_A });
    expect(a).toMatch(/^keyed-v1:[0-9a-f]{16}$/);
    expect(String(a)).not.toContain(SECRET_A);
    expect(await stampOf({ execution: 'run-object', signingSecret: SECRET_A })).toBe(a);
    expect(await stampOf({ execution: 'run-object', signingSecret: SECRET_B })).not.toBe(a);
  });

  it('without a secret, or when runs execute through the queue, runs keep the public seed (no stamp)', async () => {
    expect(await stampOf({ execution: 'run-object' }, { ...env, WORKFLOW_SIGNING_SECRET: undefined } as typeof env)).toBeUndefined();
    // The secret from the environment counts like the option.
    expect(await stampOf({ execution: 'run-object' })).toMatch(/^keyed-v1:/);
    expect(await stampOf({ execution: 'queue', signingSecret: SECRET_A })).toBeUndefined();
  });
});
