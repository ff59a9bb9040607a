/** Builds flow/step route requests signed (or not) the way the dispatcher signs them, for route tests. */
import { env } from 'cloudflare:test';
import { newMessageId } from '@workflow-world-cloudflare/core';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, signDelivery } from '../src/index.js';
import { createTestQueue } from './behaviour.js';

export const SECRET = 'test-signing-secret-0123456789';

export interface RequestOptions {
  /** Sign with this secret (no signature headers without it, unless `signature` is given). */
  secret?: string;
  /** Use this signature instead of computing one. */
  signature?: string;
  attempt?: number;
  /** Unix seconds to sign at; default now. */
  signedAt?: number;
  /** Send this timestamp header instead of `signedAt` (a tampered timestamp). */
  timestampHeader?: string;
}

export async function request(body: string, opts: RequestOptions = {}) {
  const messageId = newMessageId();
  const d = { queueName: '__wkf_step_s', messageId, attempt: opts.attempt ?? 1, body };
  const headers: Record<string, string> = {
    'x-vqs-queue-name': d.queueName,
    'x-vqs-message-id': messageId,
    'x-vqs-message-attempt': String(d.attempt),
  };
  const signedAt = opts.signedAt ?? Math.floor(Date.now() / 1000);
  const signature = opts.signature ?? (opts.secret ? await signDelivery(opts.secret, d, signedAt) : undefined);
  if (signature !== undefined) {
    headers[SIGNATURE_HEADER] = signature;
    headers[SIGNATURE_TIMESTAMP_HEADER] = opts.timestampHeader ?? String(signedAt);
  }
  return { messageId, req: new Request('https://w/.well-known/workflow/v1/step', { method: 'POST', headers, body }) };
}

/** A step route over a spy handler that answers `{ timeoutSeconds: 5 }`. */
export function routeWithSpy(secret?: string, overrides: Parameters<typeof createTestQueue>[1] = {}) {
  const q = createTestQueue(env, { signingSecret: secret, ...overrides });
  const calls: unknown[] = [];
  const route = q.createQueueHandler('__wkf_step_', async (payload) => {
    calls.push(payload);
    return { timeoutSeconds: 5 };
  });
  return { route, calls };
}
