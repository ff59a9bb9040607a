/** Shared helpers for the umbrella's tests: the isolate's World and a bounded wait for async deliveries. */
import { env } from 'cloudflare:test';
import type { Call } from './recorder.js';
import { worldWithHandlers } from './worker.js';

export const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
export const dec = (b: unknown): string => new TextDecoder().decode(b as Uint8Array);

export function testWorld() {
  return worldWithHandlers(env).world;
}

export function callsOf(runId: string): Promise<Call[]> {
  return env.RECORDER.get(env.RECORDER.idFromName('recorder')).calls(runId) as Promise<Call[]>;
}

/**
 * Waits until `check` holds. Queue deliveries happen on the platform's schedule (fast path in `waitUntil`,
 * or the local queue consumer), and no `cloudflare:test` helper can force them, so this polls, bounded.
 */
export async function eventually<T>(read: () => Promise<T>, check: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export async function createRun(workflowName: string, input: unknown = enc('[]')): Promise<string> {
  const { run } = await testWorld().events.create(null, {
    eventType: 'run_created',
    specVersion: 3,
    eventData: { deploymentId: 'dpl_test', workflowName, input },
  });
  if (!run) throw new Error('run_created returned no run');
  return run.runId;
}
