import { afterEach, describe, expect, it } from 'vitest';
import { setSandboxKeySource } from '../../src/index.js';
import { createTestRun, drive, replay, workflowId } from './harness.js';

const ENTROPY = workflowId('entropy', 'entropy');
const DRAWN_TOKEN = workflowId('hooks', 'awaitDrawnToken');

type Entropy = { random: number[]; uuid: string; bytes: number[] };

async function entropyOf(runId: string): Promise<Entropy> {
  const outcome = await replay(await createTestRun(ENTROPY, [], runId));
  if (outcome.kind !== 'completed') throw new Error(`entropy did not complete: ${outcome.kind}`);
  return outcome.output as Entropy;
}

async function drawnTokenOf(runId: string): Promise<string> {
  const outcome = await replay(await createTestRun(DRAWN_TOKEN, [], runId));
  if (outcome.kind !== 'suspended') throw new Error(`expected a suspension, got ${outcome.kind}`);
  const hook = outcome.items.find((item) => item.type === 'hook');
  if (!hook?.token) throw new Error('no hook token');
  return hook.token;
}

describe('keyed sandbox randomness', () => {
  afterEach(() => setSandboxKeySource(() => undefined));

  it('without a key, anyone with the public run fields rebuilds the same token (the weakness being fixed)', async () => {
    // The "attacker" replays with nothing but runId, workflowName and startedAt (all returned by runs.get).
    expect(await drawnTokenOf('wrun_keyed_public')).toBe(await drawnTokenOf('wrun_keyed_public'));
  });

  it('with a key, the token differs from the public-seed token and from the one another key gives', async () => {
    const attackerGuess = await drawnTokenOf('wrun_keyed_a');
    setSandboxKeySource(() => 'secret-one-0123456789abcdef0123456789');
    const keyed = await drawnTokenOf('wrun_keyed_a');
    setSandboxKeySource(() => 'secret-two-0123456789abcdef0123456789');
    const otherKey = await drawnTokenOf('wrun_keyed_a');
    expect(keyed).toMatch(/^[A-Za-z0-9_-]{21}$/);
    expect(keyed).not.toBe(attackerGuess);
    expect(otherKey).not.toBe(keyed);
  });

  it('is deterministic per run under one key: every replay draws the same values, and the run completes', async () => {
    setSandboxKeySource(() => 'secret-one-0123456789abcdef0123456789');
    const first = await entropyOf('wrun_keyed_entropy');
    expect(await entropyOf('wrun_keyed_entropy')).toEqual(first);
    expect(await entropyOf('wrun_keyed_entropy_other')).not.toEqual(first);
    expect(first.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(first.random.every((n) => n >= 0 && n < 1)).toBe(true);
    expect(first.bytes.every((b) => Number.isInteger(b) && b >= 0 && b < 256)).toBe(true);

    const test = await createTestRun(DRAWN_TOKEN, [], 'wrun_keyed_drive');
    const done = await drive(test, { approved: true, by: 'ops' });
    expect(done).toMatchObject({ kind: 'completed', output: { approved: true, by: 'ops' } });
    const token = (done as { output: { token: string } }).output.token;
    expect(token).toBe(await drawnTokenOf('wrun_keyed_drive'));
  });

  it('a key source that throws fails the replay with its message (no silent divergence)', async () => {
    setSandboxKeySource(() => {
      throw new Error('keyed with another secret');
    });
    const outcome = await replay(await createTestRun(ENTROPY, [], 'wrun_keyed_wrong'));
    expect(outcome.kind).toBe('failed');
    if (outcome.kind === 'failed') expect(outcome.error.message).toContain('keyed with another secret');
  });
});
