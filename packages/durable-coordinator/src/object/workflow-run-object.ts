/**
 * @module
 * `WorkflowRunObject`: one Durable Object per workflow run (`idFromName(runId)`), the authority for the
 * run's event log and its run / step / hook / wait entities. Every `events.create` is validated and written
 * in one `transactionSync`, so writes to a run are atomic and serialized; the D1 index follows through a
 * transactional outbox. Operator control (pause) is kept beside the log, and the project's original HTTP
 * routes (`fetch`) drive the same operations.
 */
import { DurableObject } from 'cloudflare:workers';
import { CloudflareWorldError, type PageRequest, parseWorldConfig } from '@workflow-world-cloudflare/core';
import type { DeadLetter } from '@workflow-world-cloudflare/queue-cf';
import { createD1Index, type TokenOwner, type WorkflowIndex } from '@workflow-world-cloudflare/storage-d1';
import { HookNotFoundError, WorkflowRunNotFoundError, WorkflowWorldError } from '@workflow/errors';
import { CreateEventSchema, type Event, type Hook, isTerminalWorkflowRunStatus, type Step, type WorkflowRun } from '@workflow/world';
import type { Hono } from 'hono';
import { z } from 'zod';
import { keepCancelReason } from '../cancel-reason.js';
import { type AlarmSchedule, createAlarmSchedule } from './alarm-schedule.js';
import { createExpiryPurger, type ExpiryPurger } from './expiry-purger.js';
import type { WorkflowRunObjectEnv } from '../env.js';
import { type EnqueueCall, EnqueueCallSchema, type EnqueueOutcome, MAX_RIDING_MESSAGES } from '../enqueue-call.js';
import { createRunExecutor, type RunExecutor } from './execution/run-executor.js';
import { createRunRoutes } from './http/routes.js';
import { BACKGROUND_DRAIN_INTERVAL_MS, createOutboxDrainer, type IndexWait, isDeferrable, type OutboxDrainer } from './outbox-drainer.js';
import type { CreateEventCall, CreateEventOutcome, RpcResult } from '../protocol.js';
import { toRpcError } from '@workflow-world-cloudflare/core';
import type { RunInspection } from '../protocol.js';
import type { RunPort } from '../run-port.js';
import { applyEvent } from './state/apply-event.js';
import { createEventCache, type EventCache } from './state/event-cache.js';
import { getEvent } from './state/events.js';
import { assertNotExpired, noteRunEnded, type RetentionState, setRetentionOverride } from './state/expiry.js';
import { listHooks, readHook } from './state/hooks.js';
import { createRunSql, ensureSchema } from './state/migrate.js';
import { precheckHookCreated } from './state/precheck.js';
import { type PauseState, withControlState } from './state/pause-flag.js';
import { resetRunCache } from './state/run-cache.js';
import { readRun } from './state/runs.js';
import { setPaused } from './state/set-paused.js';
import type { RunSql } from './state/sql.js';
import { readRunState } from './state/state.js';
import { listSteps, readStep } from './state/steps.js';

/**
 * The first page of events a `run_started` answer carries over RPC (as `events.list` would return it). An
 * in-process caller (the run's own replay) gets the whole log, from the object's event cache.
 */
const RUN_STARTED_EVENTS_PAGE: PageRequest = { limit: 100, sortOrder: 'asc', after: null };

/**
 * Where an `events.create` call comes from:
 * - `rpc`: any code holding the binding. Checked again here; what it queued starts once its answer left.
 * - `inProcess`: the run's own delivery, through the object's port, validated by the storage that made it. A
 *   `run_started` answer carries the whole log (over RPC: its first page).
 * - `stepAnswer`: a step's `step_completed`, held by its invocation and carried back in the delivery's answer
 *   (`holdStepEnd`). Checked again, like RPC; what it queued starts at once: no answer waits for it.
 */
type CallSource = keyof RunInspection['eventWrites'];

/**
 * The Durable Object class behind the `WORKFLOW_RUN` binding. Call it through `createDurableStorage`,
 * which validates, offloads payloads and maps the returned failures to `@workflow/errors` classes.
 *
 * @example
 * ```ts
 * // worker entry
 * export { WorkflowRunObject } from '@workflow-world-cloudflare/durable-coordinator';
 * ```
 */
export class WorkflowRunObject extends DurableObject<WorkflowRunObjectEnv> {
  /** The D1 index the outbox writes (and hook tokens are claimed in). */
  readonly #index: WorkflowIndex;
  readonly #h: RunSql;
  readonly #alarms: AlarmSchedule;
  readonly #outbox: OutboxDrainer;
  readonly #events: EventCache;
  readonly #executor: RunExecutor;
  readonly #expiry: ExpiryPurger;
  readonly #routes: Hono<{ Bindings: WorkflowRunObjectEnv }>;
  /** `events.create` calls this instance answered, by source (see `executionStats`). */
  readonly #eventWrites: RunInspection['eventWrites'] = { rpc: 0, inProcess: 0, stepAnswer: 0 };

  constructor(ctx: DurableObjectState, env: WorkflowRunObjectEnv) {
    super(ctx, env);
    this.#h = createRunSql(ctx.storage);
    this.#index = this.createIndex(env);
    this.#alarms = createAlarmSchedule(ctx.storage);
    this.#outbox = createOutboxDrainer({
      h: this.#h,
      storage: ctx.storage,
      alarms: this.#alarms,
      index: this.#index,
      backgroundDrainIntervalMs: () => this.backgroundDrainIntervalMs(),
    });
    this.#events = createEventCache(this.#h);
    this.#executor = createRunExecutor({
      storage: ctx.storage,
      h: this.#h,
      alarms: this.#alarms,
      port: this.#localPort(),
      executionContext: () => readRun(this.#h)?.run.executionContext,
      writeStepEnd: (end) => this.#create(end.call, 'defer', 'stepAnswer', end.wakeId),
      context: { env, exports: (ctx as DurableObjectState & { exports?: unknown }).exports },
      waitUntil: (promise) => ctx.waitUntil(promise),
      ...(env.BUCKET ? { bucket: env.BUCKET } : {}),
      ...(env.WORKFLOW_DLQ ? { deadLetterQueue: env.WORKFLOW_DLQ as Queue<DeadLetter> } : {}),
    });
    this.#expiry = createExpiryPurger({
      h: this.#h,
      storage: ctx.storage,
      alarms: this.#alarms,
      outbox: this.#outbox,
      executor: this.#executor,
      env,
      forgetRun: () => {
        resetRunCache(this.#h);
        this.#events.reset();
        this.#executor.reload();
      },
    });
    const h = this.#h;
    this.#routes = createRunRoutes({
      // HTTP callers have no session cache (see `createDurableStorage`), so they get their answer only once
      // the index has every row the event owes.
      eventsCreate: (call) => this.#create(call, 'await', 'rpc'),
      run: () => {
        const run = readRun(h)?.run;
        return run ? withControlState(h, run) : null;
      },
      step: (stepId) => readStep(h, stepId),
      state: (page) => readRunState(h, page),
      // Set when the object was addressed with idFromName (as every caller of this class does).
      objectName: () => ctx.id.name,
    });
    void ctx.blockConcurrencyWhile(async () => {
      ctx.storage.transactionSync(() => ensureSchema(this.#h));
      await this.#alarms.load();
      await this.#outbox.ensureAlarm();
      await this.#expiry.ensureAlarm();
      // Deliveries a previous instance had in flight died with it: they are due again now.
      this.#executor.start();
    });
  }

  /**
   * The D1 index over `env.DB`, made once per instance. A subclass may wrap it: the package's tests do, to
   * make D1 refuse or hold writes on a live object while every other part stays real.
   */
  protected createIndex(env: WorkflowRunObjectEnv): WorkflowIndex {
    return createD1Index(env.DB);
  }

  /** See {@link BACKGROUND_DRAIN_INTERVAL_MS}. Read on every commit; the package's tests move it on a live object. */
  protected backgroundDrainIntervalMs(): number {
    return BACKGROUND_DRAIN_INTERVAL_MS;
  }

  /**
   * `events.create`: one validated transition in one transaction, then the index catch-up. Run snapshots
   * and hook / token ops are in D1 before the answer (`runs.list`, `hooks.getByToken` see them at once);
   * an event that owes only step / correlation lookups (`step_created`, `wait_created`, `hook_conflict`) is
   * answered first and its rows follow in the background, with the alarm armed in the same turn as the
   * commit so an eviction cannot lose them. `createDurableStorage` keeps those lookups session-consistent.
   */
  eventsCreate(call: CreateEventCall): Promise<RpcResult<CreateEventOutcome>> {
    return this.#create(call, 'defer', 'rpc');
  }

  /** `wakeId`: a step answer's id for the wake its end queues (see `StepEnd`). */
  async #create(call: CreateEventCall, wait: IndexWait, source: CallSource, wakeId?: string): Promise<RpcResult<CreateEventOutcome>> {
    const now = Date.now();
    let claim: TokenOwner | undefined;
    this.#eventWrites[source]++;
    try {
      if (source !== 'inProcess') assertCall(call);
      // An expired run is gone for good: nothing (a late hook, a redelivered start) brings it back.
      assertNotExpired(this.#h, call.runId);
      if (call.event.eventType === 'hook_created') {
        const { correlationId: hookId, eventData } = call.event;
        precheckHookCreated(this.#h, call, hookId);
        claim = await this.#index.claimHookToken({ token: eventData.token, runId: call.runId, hookId, now });
      }
      let expiresAt: number | null = null;
      const { outcome, ops } = this.ctx.storage.transactionSync(() => {
        const applied = applyEvent(this.#h, call, now, claim);
        // Messages that rode in the call (`start()`'s first wake) are stored with the event, or not at all.
        if (call.wakes) applied.outcome.enqueued = call.wakes.map((wake) => this.#executor.enqueueWithin(wake, now));
        // A run that ended gets its expiry in the same transaction (retention: `expiry-purger.ts`).
        const ended = applied.outcome.run;
        if (ended && isTerminalWorkflowRunStatus(ended.status) && ended.completedAt) {
          expiresAt = noteRunEnded(this.#h, ended.completedAt.getTime(), call.retention !== undefined ? call.retention : this.#defaultRetention());
        }
        // A step that ended: its message is done and a replay follows, both in the same transaction as the event.
        const event = applied.outcome.event;
        if (event?.correlationId && (event.eventType === 'step_completed' || event.eventType === 'step_failed')) {
          const messageId = this.#executor.stepEndedWithin(now, event.correlationId, wakeId);
          if (messageId !== undefined) applied.outcome.woke = { messageId };
        }
        return applied;
      });
      // No await between the commit and `afterCommit`: it arms the alarm in the commit's turn.
      const indexed = this.#outbox.afterCommit(ops, wait);
      this.#expiry.afterCommit(expiresAt);
      if (wait === 'defer' && ops.some((op) => op.op === 'upsertRun') && isDeferrable(ops)) outcome.runIndexDeferred = true;
      // Every replay begins with run_started; in-process it always carries the log (from the cache), so the
      // runtime never pages through events.list. Over RPC only the first start carries its first page.
      if (call.event.eventType === 'run_started' && (outcome.event || source === 'inProcess')) {
        if (source === 'inProcess') {
          outcome.events = this.#events.all();
          outcome.hasMore = false;
        } else {
          outcome.events = this.#events.page(RUN_STARTED_EVENTS_PAGE);
        }
      }
      if (outcome.run && isTerminalWorkflowRunStatus(outcome.run.status)) this.#executor.noteRunState({ ended: true });
      else if (outcome.woke || outcome.enqueued) this.#deliverAfterAnswer(source !== 'rpc');
      await indexed;
      return { ok: true, value: outcome };
    } catch (err) {
      // Nothing of the failed transaction was kept: the in-memory copies must not keep it either.
      resetRunCache(this.#h);
      this.#executor.reload();
      if (claim) await this.#outbox.releaseUnusedClaim(call, claim);
      return failure(err);
    }
  }

  /**
   * Delivers what a call just queued. In-process (the run's own replay or step): at once. Over RPC, only once
   * the commit is confirmed, which is when the answer leaves: a replay started at once would run as one unbroken
   * chain of in-isolate work (replay, step, SQLite, replay) and hold the caller's answer (`start()`, a
   * `resumeHook`, a step run elsewhere) until it ended or waited on real I/O.
   */
  #deliverAfterAnswer(inProcess: boolean): void {
    if (inProcess) return this.#executor.kick();
    const kick = () => this.#executor.kick();
    void this.ctx.storage.sync().then(kick, kick);
  }

  /** `runs.get`: the run with its pause flag (`executionContext.paused` / `pausedAt`) while paused. */
  runsGet(runId: string): RpcResult<WorkflowRun> {
    const run = readRun(this.#h)?.run;
    return run ? { ok: true, value: withControlState(this.#h, run) } : failure(new WorkflowRunNotFoundError(runId));
  }

  /**
   * Operator pause / resume (`createRunControls`): sets or clears the run's pause flag in one transaction,
   * re-snapshots the run into the D1 index, then catches the index up. Not an event (see `pause-flag.ts`).
   */
  async controlSetPaused(runId: string, paused: boolean): Promise<RpcResult<PauseState>> {
    try {
      if (typeof runId !== 'string' || runId === '' || typeof paused !== 'boolean') {
        throw new CloudflareWorldError('INVALID_ARGUMENT', `controlSetPaused needs a runId and a boolean, got ${typeof runId} / ${typeof paused}`);
      }
      const state = this.ctx.storage.transactionSync(() => {
        try {
          return setPaused(this.#h, runId, paused, Date.now());
        } catch (err) {
          resetRunCache(this.#h);
          throw err;
        }
      });
      // Paused: nothing new starts. Resumed: what fell due meanwhile is delivered now.
      this.#executor.noteRunState({ paused: state.paused });
      await this.#outbox.drainAfterCommit();
      return { ok: true, value: state };
    } catch (err) {
      return failure(err);
    }
  }

  /**
   * Operator retention of this run (`createRunControls().setRetention`): `ms` after it ends (`null`: forever),
   * instead of the World's `RUN_RETENTION`. On a finished run the expiry moves at once.
   *
   * @throws (as a result) WorkflowRunNotFoundError for an unknown run; RunExpiredError once it expired.
   */
  async controlSetRetention(runId: string, ms: number | null): Promise<RpcResult<RetentionState>> {
    try {
      if (typeof runId !== 'string' || runId === '' || !(ms === null || (Number.isInteger(ms) && ms >= 0))) {
        throw new CloudflareWorldError('INVALID_ARGUMENT', 'controlSetRetention needs a runId and a retention in ms (or null for forever)');
      }
      assertNotExpired(this.#h, runId);
      const run = readRun(this.#h)?.run;
      if (!run) throw new WorkflowRunNotFoundError(runId);
      const state = this.ctx.storage.transactionSync(() => {
        try {
          return setRetentionOverride(this.#h, runId, ms, isTerminalWorkflowRunStatus(run.status) ? run.completedAt?.getTime() : undefined);
        } catch (err) {
          resetRunCache(this.#h);
          throw err;
        }
      });
      await this.#alarms.want('expiry', state.stage === 'scheduled' ? (state.expiresAt ?? Date.now()) : null);
      return { ok: true, value: state };
    } catch (err) {
      return failure(err);
    }
  }

  /** The World's `RUN_RETENTION` as this Worker's vars say, for run ends whose caller did not pass one. */
  #defaultRetention(): number | null {
    return parseWorldConfig(this.env as unknown as Record<string, unknown>).RUN_RETENTION;
  }

  /** `steps.get`. */
  stepsGet(runId: string, stepId: string): RpcResult<Step> {
    const step = readStep(this.#h, stepId);
    return step ? { ok: true, value: step } : failure(new WorkflowWorldError(`Step "${stepId}" in run "${runId}" not found`, { status: 404 }));
  }

  /** `steps.list`: `page.limit + 1` rows. */
  stepsList(page: PageRequest): Step[] {
    return listSteps(this.#h, page);
  }

  /** `events.get`. */
  eventsGet(runId: string, eventId: string): RpcResult<Event> {
    const event = getEvent(this.#h, eventId);
    return event ? { ok: true, value: event } : failure(new WorkflowWorldError(`Event "${eventId}" in run "${runId}" not found`, { status: 404 }));
  }

  /** `events.list` / `events.listByCorrelationId` within this run: `page.limit + 1` rows (from the event cache). */
  eventsList(page: PageRequest, correlationId?: string): Event[] {
    return this.#events.page(page, correlationId);
  }

  /**
   * `queue()` of a message for this run (`createRunQueue`): recorded in the run's inbox (idempotency keys are
   * per run), then delivered by this object — replays here, one at a time; steps handed to the host.
   */
  async enqueue(call: EnqueueCall): Promise<RpcResult<EnqueueOutcome>> {
    try {
      const parsed = EnqueueCallSchema.safeParse(call);
      if (!parsed.success) {
        throw new CloudflareWorldError('INVALID_MESSAGE', 'WorkflowRunObject.enqueue: invalid message', { cause: parsed.error });
      }
      const outcome = this.#executor.enqueue(parsed.data);
      this.#deliverAfterAnswer(false);
      return { ok: true, value: outcome };
    } catch (err) {
      return failure(err);
    }
  }

  /**
   * Catches the D1 index up with everything this run owes it (a storage calls it before `runs.list` for the runs
   * it just wrote). A D1 outage is not an error here: the rows follow when D1 is back.
   */
  async indexFlush(): Promise<void> {
    await this.#outbox.drainAfterCommit();
  }

  /**
   * What the executor did and holds (operators and tests), how many event rows the cache ever read, and how
   * the run's sandbox draws random values (`keyed-v1:<secret fingerprint>`; absent: core's public seed).
   */
  executionStats(): RunInspection {
    const sandboxRandomness = readRun(this.#h)?.run.executionContext?.sandboxRandomness;
    return {
      ...this.#executor.stats(),
      eventRowsRead: this.#events.rowsRead,
      eventWrites: { ...this.#eventWrites },
      ...(typeof sandboxRandomness === 'string' ? { sandboxRandomness } : {}),
    };
  }

  /**
   * The port the run's own deliveries use while they execute here: the same operations as the RPC methods,
   * called in-process. Its `eventsCreate` trusts the caller's validation and answers `run_started` with the
   * whole log; nothing of it is reachable over RPC (it is not a method of the class).
   */
  #localPort(): RunPort {
    return {
      eventsCreate: (call) => this.#create(call, 'defer', 'inProcess'),
      runsGet: (runId) => this.runsGet(runId),
      stepsGet: (runId, stepId) => this.stepsGet(runId, stepId),
      stepsList: (page) => this.stepsList(page),
      eventsGet: (runId, eventId) => this.eventsGet(runId, eventId),
      eventsList: (page, correlationId) => this.eventsList(page, correlationId),
      hooksGet: (hookId) => this.hooksGet(hookId),
      hooksList: (page) => this.hooksList(page),
      enqueue: (call) => {
        const outcome = this.#executor.enqueue(call);
        this.#deliverAfterAnswer(true);
        return { ok: true, value: outcome };
      },
      indexFlush: () => this.indexFlush(),
    };
  }

  /** `hooks.get` / `hooks.getByToken` once the index named this run. */
  hooksGet(hookId: string): RpcResult<Hook> {
    const hook = readHook(this.#h, hookId);
    return hook ? { ok: true, value: hook } : failure(new HookNotFoundError(hookId));
  }

  /** `hooks.list` for this run: `page.limit + 1` rows. */
  hooksList(page: PageRequest): Hook[] {
    return listHooks(this.#h, page);
  }

  /** The project's original HTTP routes (`/initialize`, `/status`, `/step/start`, `/step/complete`, `/state`). */
  override fetch(request: Request): Promise<Response> {
    return Promise.resolve(this.#routes.fetch(request, this.env));
  }

  /**
   * Delivers what is due (and takes back what a dead predecessor had in flight), then retries the outbox; a D1
   * outage reschedules it with backoff, anything else is rethrown for the platform.
   */
  override async alarm(): Promise<void> {
    this.#alarms.fired();
    await this.#executor.onAlarm();
    await this.#expiry.onAlarm();
    try {
      await this.#outbox.drain();
    } catch (err) {
      if (CloudflareWorldError.is(err) && err.code === 'INDEX_UNAVAILABLE') return;
      throw err;
    }
  }
}

/** The object is reachable by any code holding the binding, so it re-checks what the storage validated. */
function assertCall(call: CreateEventCall): void {
  const parsed = CreateEventSchema.safeParse(call.event);
  const retentionOk = call.retention === undefined || call.retention === null || (Number.isInteger(call.retention) && call.retention >= 0);
  const wakes = call.wakes === undefined ? undefined : WakesSchema.safeParse(call.wakes);
  const wakesOk = wakes === undefined || (wakes.success && parsed.data?.eventType === 'run_created' && wakes.data.every((w) => w.runId === call.runId));
  if (typeof call.runId !== 'string' || call.runId === '' || !parsed.success || !retentionOk || !wakesOk) {
    throw new CloudflareWorldError('INVALID_EVENT', `Malformed events.create call for run "${String(call.runId)}"`, {
      cause: !parsed.success ? parsed.error : wakes?.success === false ? wakes.error : undefined,
    });
  }
  call.event = keepCancelReason(parsed.data, call.event);
  if (wakes?.success) call.wakes = wakes.data;
}

/** What a `run_created` call may carry to queue (`client/run-starts.ts`): a few messages, each for the run itself. */
const WakesSchema = z.array(EnqueueCallSchema).min(1).max(MAX_RIDING_MESSAGES);

function failure(err: unknown): { ok: false; error: NonNullable<ReturnType<typeof toRpcError>> } {
  const error = toRpcError(err);
  if (!error) throw err;
  return { ok: false, error };
}
