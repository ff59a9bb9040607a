/**
 * @module
 * `WorkflowQueueObject`: the durable side of the queue. One object per shard (a run id, else the idempotency
 * key, else the message id) records every message before it is delivered, coalesces idempotency keys,
 * holds delayed messages (any length: one alarm at `min(due_at)`), leases deliveries and redelivers what a
 * delivery lost, and owes the dead-letter queue whatever ran out of attempts.
 */
import { DurableObject } from 'cloudflare:workers';
import { CloudflareWorldError, createAlarmSchedule, type RpcResult, toRpcResult } from '@workflow-world-cloudflare/core';
import type { DeadLetter } from '../envelope.js';
import { type QueueObjectEnv, checkQueueObjectEnv } from './env.js';
import { envelopeOfRow } from './envelope-of-row.js';
import { createMessageStore, type MessageStore } from './message-store.js';
import {
  type ClaimResult,
  ClaimRequestSchema,
  type QueueObjectSnapshot,
  type EnqueueResult,
  EnqueueRequestSchema,
  type RenewResult,
  RenewRequestSchema,
  type SettleResult,
  SettleRequestSchema,
} from '../protocol.js';
import { sendInChunks } from './send-in-chunks.js';
import { settleMessage } from './settle-message.js';

/** Rows handled per alarm run; more due rows re-arm the alarm immediately. */
const ALARM_BATCH = 500;
/** Wait before retrying rows whose hand-off to the Cloudflare Queue failed. */
const SEND_RETRY_MS = 5_000;

function invalid(method: string, error: unknown): CloudflareWorldError {
  return new CloudflareWorldError('INVALID_ARGUMENT', `WorkflowQueueObject.${method}: invalid arguments`, { cause: error });
}

/**
 * The coordinator Durable Object (binding `WORKFLOW_QUEUE_COORDINATOR`, SQLite storage). Its RPC methods are
 * called by `createCloudflareQueue`; the Worker also needs `WORKFLOW_QUEUE` and `WORKFLOW_DLQ` producers.
 *
 * @example
 * ```ts
 * export { WorkflowQueueObject } from '@workflow-world-cloudflare/queue-cf';
 * ```
 */
export class WorkflowQueueObject extends DurableObject<QueueObjectEnv> {
  readonly #store: MessageStore;
  readonly #bindings: QueueObjectEnv;
  /** The one alarm: the earliest due row (core's schedule, earlier-only). */
  readonly #alarm = createAlarmSchedule<'messages'>(this.ctx.storage, { policy: 'earlier-only' });

  constructor(ctx: DurableObjectState, env: QueueObjectEnv) {
    super(ctx, env);
    this.#bindings = checkQueueObjectEnv(env);
    this.#store = createMessageStore(ctx.storage.sql);
    void ctx.blockConcurrencyWhile(async () => {
      ctx.storage.transactionSync(() => this.#store.migrate());
    });
  }

  /** Records a message (or finds the pending one with the same idempotency key) and says who delivers attempt 1. */
  async enqueue(input: unknown): Promise<RpcResult<EnqueueResult>> {
    return toRpcResult(() => this.#enqueue(input));
  }

  #enqueue(input: unknown): EnqueueResult {
    const parsed = EnqueueRequestSchema.safeParse(input);
    if (!parsed.success) throw invalid('enqueue', parsed.error);
    const req = parsed.data;
    const shard = req.shard;
    return this.ctx.storage.transactionSync((): EnqueueResult => {
      if (this.#store.shard() !== shard) this.#store.setShard(shard);
      const existing =
        (req.idempotencyKey === null ? undefined : this.#store.findByKey(req.idempotencyKey)) ??
        this.#store.get(req.messageId);
      if (existing) return { messageId: existing.message_id, created: false, delivery: 'none', shard };
      const now = Date.now();
      const deliverNow = req.delayMs === 0 && !this.#store.isHeld() && req.mode !== 'alarm';
      this.#store.insert({
        message_id: req.messageId,
        idempotency_key: req.idempotencyKey,
        queue_name: req.queueName,
        body: req.body,
        body_ref: req.bodyRef,
        body_size: req.bodySize,
        headers: JSON.stringify(req.headers),
        deployment_id: req.deploymentId,
        state: deliverNow ? (req.mode === 'local' ? 'running' : 'sent') : 'pending',
        attempt: deliverNow ? 1 : 0,
        due_at: deliverNow ? now + req.leaseMs : now + req.delayMs,
        lease_ms: req.leaseMs,
        created_at: now,
        last_error: null,
      });
      this.#scheduleNextAlarm();
      const delivery = deliverNow ? (req.mode === 'local' ? 'local' : 'queue') : 'none';
      return { messageId: req.messageId, created: true, delivery, shard };
    });
  }

  /** A queue consumer got `attempt` of a message: may it run it? Starts the lease when it may. */
  async claim(input: unknown): Promise<RpcResult<ClaimResult>> {
    return toRpcResult(() => this.#claim(input));
  }

  #claim(input: unknown): ClaimResult {
    const parsed = ClaimRequestSchema.safeParse(input);
    if (!parsed.success) throw invalid('claim', parsed.error);
    const { messageId, attempt } = parsed.data;
    return this.ctx.storage.transactionSync((): ClaimResult => {
      const row = this.#store.get(messageId);
      if (!row) return { status: 'gone' };
      if (row.attempt !== attempt || row.state !== 'sent') return { status: 'stale' };
      if (this.#store.isHeld()) {
        // The delivery never started: give the attempt back; release() sends it again.
        this.#store.update(messageId, { state: 'pending', attempt: attempt - 1, due_at: Date.now() });
        this.#scheduleNextAlarm();
        return { status: 'held' };
      }
      this.#store.update(messageId, { state: 'running', due_at: Date.now() + row.lease_ms });
      this.#scheduleNextAlarm();
      return { status: 'ok', leaseMs: row.lease_ms };
    });
  }

  /**
   * The handler of delivery `attempt` is still running: its lease restarts from now. Only the delivery that
   * holds the lease can renew it; a renewal from a superseded attempt, for an acked message or for one whose
   * lease already ran out (the alarm took it back) changes nothing and answers `stale`.
   */
  async renew(input: unknown): Promise<RpcResult<RenewResult>> {
    return toRpcResult(() => this.#renew(input));
  }

  #renew(input: unknown): RenewResult {
    const parsed = RenewRequestSchema.safeParse(input);
    if (!parsed.success) throw invalid('renew', parsed.error);
    const { messageId, attempt } = parsed.data;
    return this.ctx.storage.transactionSync((): RenewResult => {
      const row = this.#store.get(messageId);
      if (!row || row.attempt !== attempt || row.state !== 'running') return { status: 'stale' };
      const leaseUntil = Math.max(row.due_at, Date.now() + row.lease_ms);
      this.#store.update(messageId, { due_at: leaseUntil });
      // The lease only moves later, so the armed alarm is early at worst: it fires, finds nothing and re-arms.
      this.#scheduleNextAlarm();
      return { status: 'renewed', leaseMs: row.lease_ms, leaseUntil };
    });
  }

  /** Records how delivery `attempt` ended. Results of a delivery that was already superseded are ignored. */
  async settle(input: unknown): Promise<RpcResult<SettleResult>> {
    return toRpcResult(() => this.#settle(input));
  }

  #settle(input: unknown): SettleResult {
    const parsed = SettleRequestSchema.safeParse(input);
    if (!parsed.success) throw invalid('settle', parsed.error);
    const { messageId, attempt, outcome } = parsed.data;
    return this.ctx.storage.transactionSync((): SettleResult => {
      const row = this.#store.get(messageId);
      if (!row || row.attempt !== attempt || row.state === 'dead') return { status: 'stale' };
      const now = Date.now();
      let result: SettleResult;
      if (outcome.kind === 'unsent') {
        // The delivery never started: give the attempt back and send it again.
        this.#store.update(messageId, { state: 'pending', attempt: attempt - 1, due_at: now });
        result = { status: 'scheduled' };
      } else if (outcome.kind === 'later' && outcome.continueLocally && outcome.delayMs === 0 && !this.#store.isHeld()) {
        this.#store.update(messageId, { state: 'running', attempt: attempt + 1, due_at: now + row.lease_ms });
        result = { status: 'continue', attempt: attempt + 1 };
      } else {
        const settled = settleMessage(this.#store, row, outcome, now);
        result = settled === 'acked' ? { status: 'acked', bodyRef: row.body_ref } : { status: settled };
      }
      this.#scheduleNextAlarm();
      return result;
    });
  }

  /** Pauses deliveries of this shard (a run): due messages stay stored until {@link release}. */
  async hold(): Promise<RpcResult<void>> {
    return toRpcResult(() =>
      this.ctx.storage.transactionSync(() => {
        this.#store.setHeld(true);
        this.#scheduleNextAlarm();
      }),
    );
  }

  /** Resumes deliveries; everything that fell due while held is sent by the next alarm (at once). */
  async release(): Promise<RpcResult<void>> {
    return toRpcResult(() =>
      this.ctx.storage.transactionSync(() => {
        this.#store.setHeld(false);
        this.#scheduleNextAlarm();
      }),
    );
  }

  /** The stored messages and alarm, for operators and tests. */
  async snapshot(): Promise<QueueObjectSnapshot> {
    const messages = this.#store.all().map((r) => ({
      messageId: r.message_id,
      state: r.state,
      attempt: r.attempt,
      dueAt: r.due_at,
      idempotencyKey: r.idempotency_key,
    }));
    return { held: this.#store.isHeld(), messages, alarm: await this.ctx.storage.getAlarm() };
  }

  /**
   * Expires leases, sends due messages to `WORKFLOW_QUEUE` and dead ones to `WORKFLOW_DLQ`, then re-arms.
   * A failed send puts its rows back and rethrows, so the platform retries the alarm as well.
   */
  override async alarm(): Promise<void> {
    this.#alarm.fired();
    const now = Date.now();
    const { toSend, toBury } = this.ctx.storage.transactionSync(() => {
      for (const row of this.#store.due(now, ['sent', 'running'], ALARM_BATCH)) {
        // The lease ran out: the delivery was lost (isolate gone, consumer crashed) or is too slow.
        this.#store.update(row.message_id, { state: 'pending', due_at: now });
      }
      const sendable = this.#store.isHeld() ? [] : this.#store.due(now, ['pending'], ALARM_BATCH);
      for (const row of sendable) {
        this.#store.update(row.message_id, { state: 'sent', attempt: row.attempt + 1, due_at: now + row.lease_ms });
      }
      return { toSend: sendable.map((r) => ({ ...r, attempt: r.attempt + 1 })), toBury: this.#store.due(now, ['dead'], ALARM_BATCH) };
    });
    const shard = toSend.length + toBury.length > 0 ? this.#shardName() : '';
    try {
      await sendInChunks(this.#bindings.WORKFLOW_QUEUE, toSend.map((r) => envelopeOfRow(r, shard)));
    } catch (error) {
      this.ctx.storage.transactionSync(() => {
        for (const r of toSend) {
          this.#store.update(r.message_id, { state: 'pending', attempt: r.attempt - 1, due_at: now + SEND_RETRY_MS });
        }
        this.#scheduleNextAlarm();
      });
      throw error;
    }
    if (toBury.length > 0) {
      const letters = toBury.map((r): DeadLetter => ({
        reason: 'max-attempts',
        error: r.last_error ?? 'unknown error',
        envelope: envelopeOfRow(r, shard),
        deadAt: now,
      }));
      await sendInChunks(this.#bindings.WORKFLOW_DLQ, letters);
      this.ctx.storage.transactionSync(() => {
        for (const r of toBury) this.#store.delete(r.message_id);
      });
    }
    this.ctx.storage.transactionSync(() => this.#scheduleNextAlarm());
  }

  #shardName(): string {
    const name = this.#store.shard();
    if (name === undefined) {
      throw new CloudflareWorldError('CORRUPT_ROW', 'WorkflowQueueObject holds messages but no shard name');
    }
    return name;
  }

  /** One alarm over the table (agents-style): the earliest row the alarm must act on. */
  #scheduleNextAlarm(): void {
    const states = this.#store.isHeld() ? (['sent', 'running', 'dead'] as const) : (['pending', 'sent', 'running', 'dead'] as const);
    // Earlier-only: an alarm earlier than needed is harmless (it re-arms), and skipping the write keeps the fast
    // path's enqueue to one storage commit. A later one would be wrong, so it is always moved forward.
    void this.#alarm.want('messages', this.#store.nextDue(states));
  }
}
