/** Contract: bad input gets a clear typed error and leaves the run's log and entities unchanged. */
import { expect, it } from 'vitest';
import { enc, eventTypes, newStep, SPEC, startedRun, type StorageFactory, unique } from './fixtures.js';

export function badInputContract(factory: StorageFactory): void {
  async function snapshot(storage: Awaited<ReturnType<StorageFactory>>, runId: string) {
    return { types: await eventTypes(storage, runId), run: await storage.runs.get(runId), steps: (await storage.steps.list({ runId })).data };
  }

  it('unknown event types, client hook_conflict and schema-invalid events are INVALID_EVENT; nothing is written', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    await newStep(storage, runId, 's');
    const before = await snapshot(storage, runId);
    const bad: unknown[] = [
      { eventType: 'run_exploded', specVersion: SPEC },
      { eventType: 'hook_conflict', specVersion: SPEC, correlationId: 'h', eventData: { token: 't' } },
      { eventType: 'step_created', specVersion: SPEC, correlationId: 's2', eventData: { input: enc('') } },
      { eventType: 'step_completed', specVersion: SPEC, eventData: { result: enc('') } },
      { eventType: 'wait_created', specVersion: SPEC, correlationId: 'w', eventData: { resumeAt: 'not a date' } },
      { eventType: 'hook_created', specVersion: SPEC, correlationId: 'h', eventData: {} },
      { specVersion: SPEC },
      null,
    ];
    for (const data of bad) {
      await expect(storage.events.create(runId, data as never)).rejects.toMatchObject({ name: 'CloudflareWorldError', code: 'INVALID_EVENT' });
    }
    expect(await snapshot(storage, runId)).toEqual(before);
  });

  it('a non-run_created event without a runId is INVALID_EVENT', async () => {
    const storage = await factory();
    await expect(storage.events.create(null as never, { eventType: 'run_started', specVersion: SPEC })).rejects.toMatchObject({ code: 'INVALID_EVENT' });
  });

  it('oversized values are PAYLOAD_TOO_LARGE and write nothing', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    const before = await snapshot(storage, runId);
    // A payload over MAX_PAYLOAD_BYTES (the suite's storage uses 8 MiB).
    const huge = new Uint8Array(9 * 1024 * 1024);
    await expect(storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: 'big', eventData: { stepName: 'n', input: huge } })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    // A non-payload string far beyond what a row holds.
    const longName = 'n'.repeat(1_500_000);
    await expect(storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: 'long', eventData: { stepName: longName, input: enc('') } })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    await expect(storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: 'x'.repeat(5000), eventData: { stepName: 'n', input: enc('') } })).rejects.toMatchObject({ code: 'INVALID_EVENT' });
    expect(await snapshot(storage, runId)).toEqual(before);
  });

  it('an oversized hook payload is PAYLOAD_TOO_LARGE for the caller; the hook stays open', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    const hookId = unique('h');
    await storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: hookId, eventData: { token: unique('t') } });
    const before = await snapshot(storage, runId);
    await expect(
      storage.events.create(runId, { eventType: 'hook_received', specVersion: SPEC, correlationId: hookId, eventData: { payload: new Uint8Array(9 * 1024 * 1024) } }),
    ).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    expect(await snapshot(storage, runId)).toEqual(before);
    expect((await storage.hooks.get(hookId)).hookId).toBe(hookId);
  });

  it('stateUpdatedAt older than the last external event is PreconditionFailedError (412); equal passes', async () => {
    const storage = await factory();
    const runId = await startedRun(storage);
    await newStep(storage, runId, 'a');
    await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 'a' });
    const external = await storage.events.create(runId, { eventType: 'step_completed', specVersion: SPEC, correlationId: 'a', eventData: { result: enc('r') } });
    const marker = external.event?.createdAt.getTime() ?? 0;
    const stale = storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: 'b', eventData: { stepName: 'n', input: enc('') } }, { stateUpdatedAt: marker - 1 });
    await expect(stale).rejects.toMatchObject({ name: 'PreconditionFailedError', status: 412 });
    const fresh = await storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: 'b', eventData: { stepName: 'n', input: enc('') } }, { stateUpdatedAt: marker });
    expect(fresh.step?.stepId).toBe('b');
  });
}
