/// <reference types="@cloudflare/vitest-plugin/types" />
/**
 * Core's one-alarm schedule (`createAlarmSchedule`), used by the run, queue and stream objects, against a real
 * Durable Object's storage: what is armed after each need, under both policies.
 */
import { env, runInDurableObject } from 'cloudflare:test';
import { createAlarmSchedule } from '@workflow-world-cloudflare/core';
import { describe, expect, it } from 'vitest';

const T = Date.now() + 3_600_000;

/** Runs `fn` with the storage of a fresh object (a queue object with no messages never arms an alarm itself). */
function withStorage<R>(fn: (storage: DurableObjectStorage) => Promise<R>): Promise<R> {
  const stub = env.WORKFLOW_QUEUE_COORDINATOR.get(env.WORKFLOW_QUEUE_COORDINATOR.newUniqueId());
  return runInDurableObject(stub, (_object, state) => fn(state.storage));
}

describe('createAlarmSchedule', () => {
  it('exact: the alarm is the earliest need, moved later and deleted as needs go away', async () => {
    const armed = await withStorage(async (storage) => {
      const alarm = createAlarmSchedule<'a' | 'b'>(storage);
      await alarm.load();
      const seen: (number | null)[] = [];
      await alarm.want('a', T + 100);
      seen.push(await storage.getAlarm());
      await alarm.want('b', T + 50);
      seen.push(await storage.getAlarm());
      await alarm.want('b', null);
      seen.push(await storage.getAlarm());
      await alarm.want('a', null);
      seen.push(await storage.getAlarm());
      return seen;
    });
    expect(armed).toEqual([T + 100, T + 50, T + 100, null]);
  });

  it('earlier-only: the alarm only moves earlier until it fires; clear() deletes it', async () => {
    const armed = await withStorage(async (storage) => {
      const alarm = createAlarmSchedule<'flush'>(storage, { policy: 'earlier-only' });
      await alarm.load();
      const seen: (number | null)[] = [];
      for (const at of [T + 100, T + 200, T + 50, null]) {
        await alarm.want('flush', at);
        seen.push(await storage.getAlarm());
      }
      alarm.fired();
      await storage.deleteAlarm(); // what the platform does when the alarm runs
      await alarm.want('flush', T + 300);
      seen.push(await storage.getAlarm());
      await alarm.clear();
      seen.push(await storage.getAlarm());
      return seen;
    });
    expect(armed).toEqual([T + 100, T + 100, T + 50, T + 50, T + 300, null]);
  });

  it('a schedule that has not loaded the armed time writes its first need', async () => {
    const armed = await withStorage(async (storage) => {
      await storage.setAlarm(T + 10);
      const alarm = createAlarmSchedule<'flush'>(storage, { policy: 'earlier-only' });
      await alarm.want('flush', T + 500);
      return storage.getAlarm();
    });
    expect(armed).toBe(T + 500);
  });
});
