/**
 * @module
 * `WorkflowRunObject`: one Durable Object per workflow run (`idFromName(runId)`), the authority for the
 * run's event log and its run / step / hook / wait entities. Every `events.create` is validated and written
 * in one `transactionSync`, so writes to a run are atomic and serialized; the D1 index follows through a
 * transactional outbox. Operator control (pause) is kept beside the log, and the project's original HTTP
 * routes (`fetch`) drive the same operations.
 */
import { DurableObject } from 'cloudflare:workers';
import { CloudflareWorldError, type PageRequest } from '@workflow-world-cloudflare/core';
import { createD1Index, type TokenOwner, type WorkflowIndex } from '@workflow-world-cloudflare/storage-d1';
import { HookNotFoundError, WorkflowRunNotFoundError, WorkflowWorldError } from '@workflow/errors';
import { CreateEventSchema, type Event, type Hook, type Step, type WorkflowRun } from '@workflow/world';
import type { Hono } from 'hono';
import type { WorkflowRunObjectEnv } from './env.js';
import { createRunRoutes } from './http/routes.js';
import { createOutboxDrainer, type IndexWait, type OutboxDrainer } from './outbox-drainer.js';
import type { CreateEventCall, CreateEventOutcome, RpcResult } from './rpc.js';
import { toRpcError } from './rpc-errors.js';
import { applyEvent } from './run-state/apply-event.js';
import { getEvent, listEvents } from './run-state/events.js';
import { listHooks, readHook } from './run-state/hooks.js';
import { createRunSql, ensureSchema } from './run-state/migrate.js';
import { precheckHookCreated } from './run-state/precheck.js';
import { type PauseState, withControlState } from './run-state/pause-flag.js';
import { readRun } from './run-state/runs.js';
import { setPaused } from './run-state/set-paused.js';
import type { RunSql } from './run-state/sql.js';
import { readRunState } from './run-state/state.js';
import { listSteps, readStep } from './run-state/steps.js';

/** The first page of events a `run_started` answer carries (as `events.list` would return it). */
const RUN_STARTED_EVENTS_PAGE: PageRequest = { limit: 100, sortOrder: 'asc', after: null };

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
  /** The D1 index. Public so tests can swap in a failing one on a live instance. */
  index: WorkflowIndex;
  readonly #h: RunSql;
  readonly #outbox: OutboxDrainer;
  readonly #routes: Hono<{ Bindings: WorkflowRunObjectEnv }>;

  constructor(ctx: DurableObjectState, env: WorkflowRunObjectEnv) {
    super(ctx, env);
    this.#h = createRunSql(ctx.storage);
    this.index = createD1Index(env.DB);
    this.#outbox = createOutboxDrainer({ h: this.#h, storage: ctx.storage, index: () => this.index });
    const h = this.#h;
    this.#routes = createRunRoutes({
      // HTTP callers have no session cache (see `createDurableStorage`), so they get their answer only once
      // the index has every row the event owes.
      eventsCreate: (call) => this.#create(call, 'await'),
      run: () => {
        const run = readRun(h)?.run;
        return run ? withControlState(h, run) : null;
      },
      step: (stepId) => readStep(h, stepId),
      state: () => readRunState(h),
      // Set when the object was addressed with idFromName (as every caller of this class does).
      objectName: () => ctx.id.name,
    });
    void ctx.blockConcurrencyWhile(async () => {
      ctx.storage.transactionSync(() => ensureSchema(this.#h));
      await this.#outbox.ensureAlarm();
    });
  }

  /**
   * `events.create`: one validated transition in one transaction, then the index catch-up. Run snapshots
   * and hook / token ops are in D1 before the answer (`runs.list`, `hooks.getByToken` see them at once);
   * an event that owes only step / correlation lookups (`step_created`, `wait_created`, `hook_conflict`) is
   * answered first and its rows follow in the background, with the alarm armed in the same turn as the
   * commit so an eviction cannot lose them. `createDurableStorage` keeps those lookups session-consistent.
   */
  eventsCreate(call: CreateEventCall): Promise<RpcResult<CreateEventOutcome>> {
    return this.#create(call, 'defer');
  }

  async #create(call: CreateEventCall, wait: IndexWait): Promise<RpcResult<CreateEventOutcome>> {
    const now = Date.now();
    let claim: TokenOwner | undefined;
    try {
      assertCall(call);
      if (call.event.eventType === 'hook_created') {
        const { correlationId: hookId, eventData } = call.event;
        precheckHookCreated(this.#h, call, hookId);
        claim = await this.index.claimHookToken({ token: eventData.token, runId: call.runId, hookId, now });
      }
      const { outcome, ops } = this.ctx.storage.transactionSync(() => applyEvent(this.#h, call, now, claim));
      // No await between the commit and `afterCommit`: it arms the alarm in the commit's turn.
      const indexed = this.#outbox.afterCommit(ops, wait);
      if (call.event.eventType === 'run_started' && outcome.event) {
        outcome.events = listEvents(this.#h, RUN_STARTED_EVENTS_PAGE);
      }
      await indexed;
      return { ok: true, value: outcome };
    } catch (err) {
      if (claim) await this.#outbox.releaseUnusedClaim(call, claim);
      return failure(err);
    }
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
      const state = this.ctx.storage.transactionSync(() => setPaused(this.#h, runId, paused, Date.now()));
      await this.#outbox.drainAfterCommit();
      return { ok: true, value: state };
    } catch (err) {
      return failure(err);
    }
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

  /** `events.list` / `events.listByCorrelationId` within this run: `page.limit + 1` rows. */
  eventsList(page: PageRequest, correlationId?: string): Event[] {
    return listEvents(this.#h, page, correlationId);
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

  /** Retries the outbox; a D1 outage reschedules it with backoff, anything else is rethrown for the platform. */
  override async alarm(): Promise<void> {
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
  if (typeof call.runId !== 'string' || call.runId === '' || !parsed.success) {
    throw new CloudflareWorldError('INVALID_EVENT', `Malformed events.create call for run "${String(call.runId)}"`, {
      cause: parsed.success ? undefined : parsed.error,
    });
  }
  call.event = parsed.data;
}

function failure(err: unknown): { ok: false; error: NonNullable<ReturnType<typeof toRpcError>> } {
  const error = toRpcError(err);
  if (!error) throw err;
  return { ok: false, error };
}
