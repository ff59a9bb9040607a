/**
 * Test handlers: what a handler does is spelled in the step payload's `workflowName`, so tests drive the
 * worker's consumer without sharing memory with it. `tag` (the `workflowRunId`) groups a test's calls.
 */
import { contractBehaviour } from '@workflow-world-cloudflare/core/testing';
import type { Call } from './recorder.js';
import { createCloudflareQueue, type CloudflareQueue, type MessageHandler } from '../src/index.js';

/** The recorder, typed: RPC typing turns `unknown` payloads into `never`, structured clone keeps them intact. */
export function recorderOf(env: Cloudflare.Env) {
  const stub = env.RECORDER.get(env.RECORDER.idFromName('recorder'));
  return {
    record: (call: Call) => stub.record(call as never),
    calls: async (tag: string) => (await stub.calls(tag)) as unknown as Call[],
    letter: (letter: unknown) => stub.letter(letter as never),
    letters: async () => (await stub.letters()) as unknown as unknown[],
  };
}

export function tagOf(payload: unknown): string {
  const p = payload as { workflowRunId?: string; runId?: string; correlationId?: string };
  return p.correlationId ?? p.workflowRunId ?? p.runId ?? 'untagged';
}

export function recordingHandler(env: Cloudflare.Env): MessageHandler {
  return async (payload, meta) => {
    await recorderOf(env).record({ tag: tagOf(payload), ...meta, payload });
    return contractBehaviour(payload, meta.attempt);
  };
}

export function createTestQueue(
  env: Cloudflare.Env,
  overrides: Partial<Parameters<typeof createCloudflareQueue>[0]> = {},
): CloudflareQueue {
  return createCloudflareQueue({
    queue: env.WORKFLOW_QUEUE,
    deadLetterQueue: env.WORKFLOW_DLQ,
    coordinator: env.WORKFLOW_QUEUE_COORDINATOR,
    bucket: env.BUCKET,
    deploymentId: 'dpl_test',
    signingSecret: env.SIGNING_SECRET,
    maxAttempts: 3,
    retryBackoff: { initialSeconds: 0, maxSeconds: 0 },
    ...overrides,
  });
}
