/**
 * The run's inbox: every message queued for the run (workflow wakes and step invocations), kept in the
 * run object's own SQLite with the queue's message store (`@workflow-world-cloudflare/queue-cf`), so
 * idempotency, delays, attempts and dead-lettering follow the same rules as everywhere else. Each function
 * runs inside the object's `transactionSync`.
 *
 * A row is `pending` (due at `due_at`), `running` (a delivery of this instance is in flight) or `dead`
 * (out of attempts, owed to the dead-letter queue). `running` rows found by a new instance were in flight in
 * a predecessor that is gone; they are due again at once.
 */
import { decodeValue } from '@workflow-world-cloudflare/core';
import {
  createMessageStore,
  type MessageRow,
  type MirroredMessageStore,
  type Outcome,
  settleMessage,
  type SettledAs,
  withMemoryMirror,
} from '@workflow-world-cloudflare/queue-cf';
import { type EnqueueCall, type EnqueueOutcome, isPlainWakePayload } from '../../enqueue-call.js';

/** Inbox meta key: the queue name of the run's workflow messages. */
const FLOW_QUEUE_KEY = 'flow_queue';

/** Rows looked at per pass; more due rows are taken by the next pass. */
const DUE_BATCH = 200;

export type MessageKind = 'flow' | 'step';

export interface Inbox {
  readonly store: MirroredMessageStore;
  /** Creates the inbox tables (versioned, skipped when current). */
  migrate(): void;
  /** The run this inbox belongs to, once a message named it. */
  runId(): string | undefined;
  /** The queue name of the run's workflow messages, once one was queued (the object's own wakes use it). */
  flowQueue(): string | undefined;
  /** Records `call`, or finds the pending message with the same idempotency key (or id). */
  enqueue(call: EnqueueCall, now: number): EnqueueOutcome;
  /** Pending and dead rows, earliest `due_at` first (the inbox is small: a run's in-flight messages). */
  open(): MessageRow[];
  /** Marks rows as delivered by this instance; `attempt` of the first row is counted. */
  start(primary: MessageRow, riders: readonly MessageRow[]): number;
  /**
   * Records how delivery `attempt` of `messageId` ended. A result for a delivery that is no longer current
   * (recovered by a new instance, already settled) changes nothing and returns `null`.
   */
  settle(messageId: string, attempt: number, outcome: Exclude<Outcome, { kind: 'unsent' }>, now: number): { as: SettledAs; row: MessageRow } | null;
  /** Deletes rows that rode along with a delivery (plain wakes a replay covered). */
  dropRiders(riders: readonly MessageRow[]): void;
  /** Rows a previous instance had in flight become due now. Returns how many. */
  recover(now: number): number;
  /** Deletes every pending row (the run ended: nothing left to deliver). Returns the spilled bodies to delete. */
  dropPending(): string[];
  /** Deletes every row, whatever its state (the run expired). Returns the spilled bodies to delete. */
  dropAll(): string[];
}

export function createInbox(sql: SqlStorage): Inbox {
  // The object is the inbox's only writer: reads come from memory (see `withMemoryMirror`).
  const store = withMemoryMirror(createMessageStore(sql));
  const runPrefix = 'run:';
  return {
    store,
    migrate: () => store.migrate(),
    runId() {
      const shard = store.shard();
      return shard?.startsWith(runPrefix) ? shard.slice(runPrefix.length) : undefined;
    },
    flowQueue: () => store.meta(FLOW_QUEUE_KEY),
    enqueue(call, now) {
      if (store.shard() === undefined) store.setShard(`${runPrefix}${call.runId}`);
      if (kindOf({ queue_name: call.queueName }) === 'flow' && store.meta(FLOW_QUEUE_KEY) !== call.queueName) {
        store.setMeta(FLOW_QUEUE_KEY, call.queueName);
      }
      const existing = (call.idempotencyKey === null ? undefined : store.findByKey(call.idempotencyKey)) ?? store.get(call.messageId);
      if (existing) return { messageId: existing.message_id, created: false };
      store.insert({
        message_id: call.messageId,
        idempotency_key: call.idempotencyKey,
        queue_name: call.queueName,
        body: call.body,
        body_ref: call.bodyRef,
        body_size: call.bodySize,
        headers: JSON.stringify(call.headers),
        deployment_id: call.deploymentId,
        state: 'pending',
        attempt: 0,
        due_at: now + call.delayMs,
        lease_ms: 0,
        created_at: now,
        last_error: null,
      });
      return { messageId: call.messageId, created: true };
    },
    open: () => store.due(Number.MAX_SAFE_INTEGER, ['pending', 'dead'], DUE_BATCH),
    start(primary, riders) {
      const attempt = primary.attempt + 1;
      store.update(primary.message_id, { state: 'running', attempt });
      for (const r of riders) store.update(r.message_id, { state: 'running' });
      return attempt;
    },
    settle(messageId, attempt, outcome, now) {
      const row = store.get(messageId);
      if (!row || row.state !== 'running' || row.attempt !== attempt) return null;
      return { as: settleMessage(store, row, outcome, now), row };
    },
    dropRiders(riders) {
      for (const r of riders) {
        const row = store.get(r.message_id);
        if (row?.state === 'running') store.delete(r.message_id);
      }
    },
    recover(now) {
      const lost = store.all().filter((r) => r.state === 'running');
      for (const r of lost) store.update(r.message_id, { state: 'pending', due_at: now });
      return lost.length;
    },
    dropPending() {
      const pending = store.all().filter((r) => r.state === 'pending');
      for (const r of pending) store.delete(r.message_id);
      return pending.flatMap((r) => (r.body_ref === null ? [] : [r.body_ref]));
    },
    dropAll() {
      const rows = store.all();
      for (const r of rows) store.delete(r.message_id);
      return rows.flatMap((r) => (r.body_ref === null ? [] : [r.body_ref]));
    },
  };
}

/** Workflow topics carry replays; step topics carry steps. */
export function kindOf(row: Pick<MessageRow, 'queue_name'>): MessageKind {
  return /^__(?:[a-z][a-z0-9]*_)?wkf_workflow_/.test(row.queue_name) ? 'flow' : 'step';
}

/**
 * A wake that carries nothing but the run: any replay that starts after it was stored covers it (it was
 * stored after the event it announces was committed). A start message (`runInput`) or a divergence retry
 * (`replayDivergence`) carries more and is delivered itself.
 */
export function isPlainWake(row: Pick<MessageRow, 'body' | 'body_ref'>): boolean {
  if (row.body === null) return false;
  try {
    return isPlainWakePayload(decodeValue(row.body));
  } catch {
    return false;
  }
}
