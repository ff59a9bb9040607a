/**
 * Read-through KV cache for data that can never change again: runs in a terminal state and steps in a
 * terminal state. KV is eventually consistent, so it only ever holds values that were already final when
 * written — a stale read returns the same final value, and an empty cache only costs a Durable Object call.
 */
import { decodeValue, encodeValue, readCacheKey } from '@workflow-world-cloudflare/core';
import {
  isTerminalStepStatus,
  isTerminalWorkflowRunStatus,
  type Step,
  StepSchema,
  type Storage,
  type WorkflowRun,
  WorkflowRunSchema,
} from '@workflow/world';

export interface ReadCacheOptions {
  /** Entities whose encoding is larger than this are not cached. Default 512 KiB (KV allows 25 MiB). */
  maxValueBytes?: number;
  /** Expiry of cached entries, in seconds. Default 7 days; entries are immutable, this only bounds KV usage. */
  ttlSeconds?: number;
  /** Called when KV fails; the read falls back to storage. Default: `console.warn`. */
  onError?: (error: unknown) => void;
  /**
   * Never cache a run or step that carries an `error` (the World sets this with encryption at rest: entities are
   * cached as read, with their errors decrypted). Default false.
   */
  skipErrors?: boolean;
}


/** Wraps `storage` so `runs.get` and `steps.get` of final entities are served from KV when cached. */
export function withReadCache(storage: Storage, kv: KVNamespace, options: ReadCacheOptions = {}): Storage {
  const maxValueBytes = options.maxValueBytes ?? 512 * 1024;
  const ttl = options.ttlSeconds ?? 7 * 24 * 3600;
  const onError = options.onError ?? ((error: unknown) => console.warn('workflow-world-cloudflare: KV cache unavailable', error));

  async function read<T>(key: string, parse: (v: unknown) => T): Promise<T | undefined> {
    try {
      const text = await kv.get(key, 'text');
      return text === null ? undefined : parse(decodeValue(text));
    } catch (error) {
      // Any KV or decode failure is a cache miss: the authority is the run object.
      onError(error);
      return undefined;
    }
  }

  async function write(key: string, value: { error?: unknown }): Promise<void> {
    if (options.skipErrors && value.error !== undefined) return;
    const text = encodeValue(value);
    if (text.length > maxValueBytes) return;
    try {
      await kv.put(key, text, { expirationTtl: ttl });
    } catch (error) {
      // A failed cache fill only means the next read goes to the run object again.
      onError(error);
    }
  }

  const runsGet = (async (id: string, params?: { resolveData?: 'all' | 'none' }) => {
    const resolveData = params?.resolveData ?? 'all';
    const cached = await read(readCacheKey.run(id), (v) => WorkflowRunSchema.parse(v));
    if (cached) return resolveData === 'none' ? { ...cached, input: undefined, output: undefined } : cached;
    // 'none' must not touch R2, so only full reads fill the cache.
    if (resolveData === 'none') return storage.runs.get(id, { resolveData: 'none' });
    const run = (await storage.runs.get(id, { resolveData: 'all' })) as WorkflowRun;
    if (isTerminalWorkflowRunStatus(run.status)) await write(readCacheKey.run(id), run);
    return run;
  }) as Storage['runs']['get'];

  const stepsGet = (async (runId: string | undefined, stepId: string, params?: { resolveData?: 'all' | 'none' }) => {
    const resolveData = params?.resolveData ?? 'all';
    const cached = await read(readCacheKey.step(stepId), (v) => StepSchema.parse(v));
    if (cached && (runId === undefined || cached.runId === runId)) {
      return resolveData === 'none' ? { ...cached, input: undefined, output: undefined } : cached;
    }
    if (resolveData === 'none') return storage.steps.get(runId, stepId, { resolveData: 'none' });
    const step = (await storage.steps.get(runId, stepId, { resolveData: 'all' })) as Step;
    if (isTerminalStepStatus(step.status)) await write(readCacheKey.step(stepId), step);
    return step;
  }) as Storage['steps']['get'];

  return {
    ...storage,
    runs: { ...storage.runs, get: runsGet },
    steps: { ...storage.steps, get: stepsGet },
  };
}
