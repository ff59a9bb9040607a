/**
 * The `(Request) => Promise<Response>` that `createQueueHandler` returns, for the
 * `/.well-known/workflow/v1/flow` and `/step` routes. These routes run user code, so only requests signed by
 * our own dispatcher get through: no secret configured, a missing or a wrong signature, or one signed outside
 * the `signatureWindowSeconds` window (a replay) -> 401, no handler call.
 */
import { ValidQueueName } from '@workflow/world';
import { z } from 'zod';
import type { QueueConfig } from './config.js';
import { DELIVERY_HEADERS, invokeLocal, type MessageHandler } from './dispatch.js';
import { SIGNATURE_HEADER, SIGNATURE_TIMESTAMP_HEADER, verifyDelivery } from './signing.js';

const HeadersSchema = z.object({
  queueName: z.string().refine((s) => ValidQueueName.safeParse(s).success),
  messageId: z.string().regex(/^msg_[0-9A-Z]+$/),
  attempt: z.coerce.number().int().min(1),
  signature: z.string(),
  timestamp: z.string(),
});

const json = (body: unknown, status = 200): Response => Response.json(body, { status });

export function createHttpHandler(
  config: QueueConfig,
  prefix: string,
  handler: MessageHandler,
): (req: Request) => Promise<Response> {
  return async (req) => {
    if (config.signingSecret === undefined) return json({ error: 'Unauthorized' }, 401);
    const headers = HeadersSchema.safeParse({
      queueName: req.headers.get(DELIVERY_HEADERS.queueName),
      messageId: req.headers.get(DELIVERY_HEADERS.messageId),
      attempt: req.headers.get(DELIVERY_HEADERS.attempt),
      signature: req.headers.get(SIGNATURE_HEADER),
      timestamp: req.headers.get(SIGNATURE_TIMESTAMP_HEADER),
    });
    // Without valid headers there is nothing a signature could cover: unauthenticated as well.
    if (!headers.success) return json({ error: 'Unauthorized' }, 401);
    const body = await req.text();
    const { signature, timestamp, ...parts } = headers.data;
    const delivery = { ...parts, body };
    if (!(await verifyDelivery(config.signingSecret, { signature, timestamp }, delivery, config.signatureWindowSeconds))) {
      return json({ error: 'Unauthorized' }, 401);
    }
    if (!delivery.queueName.startsWith(prefix)) return json({ error: 'Unhandled queue' }, 400);
    const outcome = await invokeLocal(config, handler, delivery);
    if (outcome.kind === 'failed') return json({ error: outcome.error }, 500);
    if (outcome.kind === 'later') return json({ timeoutSeconds: outcome.delayMs / 1000 });
    return json({ ok: true });
  };
}
