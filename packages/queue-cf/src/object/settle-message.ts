/**
 * How a delivery's outcome changes its message row: the one rule for "acked", "try again later" and "out of
 * attempts", shared by the coordinator object and by the run object's inbox (which embeds the same store).
 * Call inside the `transactionSync` that read `row`.
 */
import type { Outcome } from '../protocol.js';
import type { MessageRow, MessageStore } from './message-store.js';

/** What became of the row: deleted, scheduled again (`pending` at a later `due_at`), or `dead` (owed to the DLQ). */
export type SettledAs = 'acked' | 'scheduled' | 'dead';

/**
 * Applies `outcome` (of delivery `row.attempt`) to `row`: `ack` deletes it; `later` makes it pending again after
 * its delay (the attempt count is kept: a requested redelivery is not a failure); `failed` makes it `dead` once
 * `maxAttempts` deliveries failed, else pending after the backoff, keeping the error. `unsent` is the
 * coordinator's own case and is not handled here.
 */
export function settleMessage(
  store: MessageStore,
  row: MessageRow,
  outcome: Exclude<Outcome, { kind: 'unsent' }>,
  now: number,
): SettledAs {
  switch (outcome.kind) {
    case 'ack':
      store.delete(row.message_id);
      return 'acked';
    case 'later':
      store.update(row.message_id, { state: 'pending', due_at: now + outcome.delayMs });
      return 'scheduled';
    case 'failed':
      if (row.attempt >= outcome.maxAttempts) {
        store.update(row.message_id, { state: 'dead', due_at: now, last_error: outcome.error });
        return 'dead';
      }
      store.update(row.message_id, { state: 'pending', due_at: now + outcome.delayMs, last_error: outcome.error });
      return 'scheduled';
  }
}
