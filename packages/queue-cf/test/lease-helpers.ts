/**
 * Helpers for lease tests. Time is moved, not waited: stored lease deadlines are pulled earlier by the time
 * that "passed", fake timers (setTimeout only; Date stays real, the coordinator reads it) fire renewals, and
 * the coordinator's alarm is run on demand.
 */
import { runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import type { WorkflowQueueObject } from '../src/index.js';
import { coordinator } from './helpers.js';

/** `ms` pass for the coordinator: every stored deadline comes `ms` closer. */
export async function elapse(shard: string, ms: number): Promise<void> {
  await runInDurableObject(coordinator(shard), async (_obj: WorkflowQueueObject, state) => {
    state.storage.sql.exec('UPDATE wf_queue_messages SET due_at = due_at - ?', ms);
  });
}

/** The coordinator's alarm fires now (whatever it was armed for). */
export async function fireAlarm(shard: string): Promise<void> {
  await runInDurableObject(coordinator(shard), async (_obj: WorkflowQueueObject, state) => {
    await state.storage.setAlarm(Date.now() - 1);
  });
  await runDurableObjectAlarm(coordinator(shard));
}

export async function messageOf(shard: string, messageId: string) {
  return (await coordinator(shard).snapshot()).messages.find((m) => m.messageId === messageId);
}

/**
 * Polls (with the runtime's own `scheduler.wait`, which fake timers do not touch) until `check` holds.
 * `vi.waitFor` is not used here: under fake timers it advances them, which would fire renewals.
 */
export async function until<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 400; i++) {
    const value = await read();
    if (check(value)) return value;
    await scheduler.wait(10);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
