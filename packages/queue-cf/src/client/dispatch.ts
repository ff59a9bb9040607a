/**
 * Running one delivery: in this isolate when a handler is registered for the message's prefix, else over
 * HTTP (signed) to the `forward` target. Whatever happens becomes an {@link Outcome} the coordinator records;
 * nothing here throws.
 */
import { decodeValue } from '@workflow-world-cloudflare/core';
import { type MessageId, parseQueueName, type Queue, type ValidQueueName } from '@workflow/world';
import { backoffMs, type QueueConfig } from './config.js';
import type { Outcome } from '../protocol.js';
import { signatureHeaders } from './signing.js';

/** The handler `createQueueHandler` registers (the DevKit's signature). */
export type MessageHandler = Parameters<Queue['createQueueHandler']>[1];

/** Handlers registered in this isolate, by queue prefix. */
export type HandlerRegistry = Map<string, MessageHandler>;

/** One delivery, as the dispatcher sees it. `body` is `encodeValue(payload)`. */
export interface Delivery {
  messageId: string;
  queueName: string;
  attempt: number;
  body: string;
}

export const DELIVERY_HEADERS = {
  queueName: 'x-vqs-queue-name',
  messageId: 'x-vqs-message-id',
  attempt: 'x-vqs-message-attempt',
} as const;

const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Maps a handler's result the way the runtime expects: `{ timeoutSeconds }` -> redeliver later, else ack. */
export function resultToOutcome(result: unknown): Outcome {
  const t = (result as { timeoutSeconds?: unknown } | undefined)?.timeoutSeconds;
  if (typeof t === 'number' && Number.isFinite(t) && t >= 0) {
    return { kind: 'later', delayMs: Math.round(t * 1000), continueLocally: false };
  }
  return { kind: 'ack' };
}

export function failure(config: QueueConfig, attempt: number, error: unknown): Outcome {
  return { kind: 'failed', error: describe(error), maxAttempts: config.maxAttempts, delayMs: backoffMs(config, attempt) };
}

export function handlerFor(registry: HandlerRegistry, queueName: string): MessageHandler | undefined {
  return registry.get(parseQueueName(queueName as ValidQueueName).prefix);
}

/** Runs a registered handler. */
export async function invokeLocal(config: QueueConfig, handler: MessageHandler, d: Delivery): Promise<Outcome> {
  try {
    const result = await handler(decodeValue(d.body), {
      attempt: d.attempt,
      queueName: d.queueName as ValidQueueName,
      messageId: d.messageId as MessageId,
    });
    return resultToOutcome(result);
  } catch (error) {
    return failure(config, d.attempt, error);
  }
}

/** POSTs the delivery to `forward` (`/.well-known/workflow/v1/flow|step`), signed with the signing secret. */
export async function invokeRemote(config: QueueConfig, d: Delivery): Promise<Outcome> {
  const target = config.forward;
  if (target === undefined) {
    return failure(config, d.attempt, new Error(`No handler registered for ${d.queueName} and no forward target`));
  }
  if (config.signingSecret === undefined) {
    return failure(config, d.attempt, new Error('forward needs signingSecret: the receiving routes reject unsigned requests'));
  }
  try {
    const kind = parseQueueName(d.queueName as ValidQueueName).kind === 'workflow' ? 'flow' : 'step';
    const path = `/.well-known/workflow/v1/${kind}`;
    const init: RequestInit = {
      method: 'POST',
      body: d.body,
      headers: {
        'content-type': 'application/json',
        [DELIVERY_HEADERS.queueName]: d.queueName,
        [DELIVERY_HEADERS.messageId]: d.messageId,
        [DELIVERY_HEADERS.attempt]: String(d.attempt),
        ...(await signatureHeaders(config.signingSecret, d)),
      },
    };
    const response =
      typeof target === 'string' ? await fetch(new URL(path, target), init) : await target.fetch(`https://forward${path}`, init);
    const text = await response.text();
    if (!response.ok) throw new Error(`forward answered ${response.status}: ${text.slice(0, 500)}`);
    return resultToOutcome(text === '' ? undefined : JSON.parse(text));
  } catch (error) {
    return failure(config, d.attempt, error);
  }
}

/** Local handler when there is one, else the forward target. */
export async function dispatch(config: QueueConfig, registry: HandlerRegistry, d: Delivery): Promise<Outcome> {
  const handler = handlerFor(registry, d.queueName);
  return handler ? invokeLocal(config, handler, d) : invokeRemote(config, d);
}
