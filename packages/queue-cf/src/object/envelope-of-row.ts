/** The envelope a stored message travels in (to `WORKFLOW_QUEUE`, or inside a dead letter). */
import type { Envelope } from '../envelope.js';
import type { MessageRow } from './message-store.js';

export function envelopeOfRow(row: MessageRow, shard: string): Envelope {
  const envelope: Envelope = {
    v: 1,
    messageId: row.message_id,
    queueName: row.queue_name,
    shard,
    attempt: Math.max(1, row.attempt),
    deploymentId: row.deployment_id,
    headers: JSON.parse(row.headers) as Record<string, string>,
  };
  if (row.body_ref !== null) envelope.bodyRef = row.body_ref;
  else envelope.body = row.body ?? 'null';
  return envelope;
}
