/** Steps in sequence with values flowing between them, and steps in parallel (`Promise.all`, `Promise.race`). */

async function validateOrder(orderId: string, amount: number): Promise<{ orderId: string; amount: number }> {
  'use step';
  if (amount <= 0) throw new Error(`amount must be positive, got ${amount}`);
  return { orderId, amount };
}

async function chargeCard(order: { orderId: string; amount: number }): Promise<{ chargeId: string; amount: number }> {
  'use step';
  return { chargeId: `ch_${order.orderId}`, amount: order.amount };
}

async function shipOrder(orderId: string, chargeId: string): Promise<string> {
  'use step';
  return `shipped ${orderId} after ${chargeId}`;
}

/** Three steps, each feeding the next. */
export async function processOrder(orderId: string, amount: number) {
  'use workflow';
  const order = await validateOrder(orderId, amount);
  const charge = await chargeCard(order);
  const shipment = await shipOrder(orderId, charge.chargeId);
  return { order, charge, shipment };
}

async function square(n: number): Promise<number> {
  'use step';
  return n * n;
}

/** One step per item, all at once; the results keep the items' order. */
export async function fanOut(items: number[]) {
  'use workflow';
  const squares = await Promise.all(items.map((n) => square(n)));
  return { squares, total: squares.reduce((a, b) => a + b, 0) };
}

async function answerAfter(label: string, ms: number): Promise<string> {
  'use step';
  await new Promise((resolve) => setTimeout(resolve, ms));
  return label;
}

/** Two steps race; the first to finish wins. */
export async function race() {
  'use workflow';
  const winner = await Promise.race([answerAfter('fast', 10), answerAfter('slow', 1500)]);
  return { winner };
}
