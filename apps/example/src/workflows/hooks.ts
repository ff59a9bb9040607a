/** Waiting on the outside world: a hook resumed with `resumeHook(token, payload)`, and a webhook resumed by HTTP. */
import { createHook, createWebhook } from 'workflow';

/** Waits for a decision on the hook whose token is `approval:<orderId>`. */
export async function approval(orderId: string) {
  'use workflow';
  const hook = createHook<{ approved: boolean; by: string }>({ token: `approval:${orderId}` });
  const decision = await hook;
  return { orderId, ...decision };
}

async function readBody(request: Request): Promise<unknown> {
  'use step';
  return request.json();
}

/** Waits for one HTTP request to its webhook URL (`/.well-known/workflow/v1/webhook/<token>`). */
export async function webhookWait() {
  'use workflow';
  const webhook = createWebhook();
  const request = await webhook;
  return { method: request.method, body: await readBody(request) };
}
