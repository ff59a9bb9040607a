/**
 * The run executes next to its state. The run's object keeps its inbox and drives it:
 *
 * - **One replay at a time.** Workflow deliveries run one after another inside this object (the host runs
 *   the DevKit's flow handler here, with the run's storage and queue calls in-process). Plain wakes that are
 *   due when a replay starts ride along with it and are dropped when it ends: N steps finishing together
 *   cost one or two replays, not N concurrent ones.
 * - **Steps in parallel.** Step deliveries are handed to the host (a separate invocation of the Worker) up to
 *   `maxConcurrentSteps` at a time; a slow step never holds up the run's replays or its other steps.
 * - **At least once.** A row is marked `running` before its delivery starts and settled when it ends (ack,
 *   retry later with backoff, dead after `maxAttempts`). While anything is in flight the alarm stays armed a
 *   few seconds ahead; an instance that starts after its predecessor died (eviction, deploy, crash) finds
 *   the `running` rows and delivers them again at once, as the next attempt.
 * - **Timers.** Delays are `due_at`s and the object's alarm; a replay suspended on `sleep()` is woken at the
 *   wait's exact `resumeAt`, not at the runtime's whole-second `timeoutSeconds`.
 * - **Pause and end.** While the run is paused nothing new starts (timers keep counting); once the run has
 *   ended, pending messages are dropped: the runtime would skip them anyway.
 *
 * No work is tied to a Worker's `waitUntil`: deliveries are promises of this object, kept alive by their
 * pending I/O, and the backstop alarm covers the object itself going away.
 */
import { CloudflareWorldError, encodeValue, fromRpcError, newMessageId } from '@workflow-world-cloudflare/core';
import { type DeadLetter, type Delivery, envelopeOfRow, loadBody, type MessageRow, type Outcome, sendInChunks } from '@workflow-world-cloudflare/queue-cf';
import { isTerminalWorkflowRunStatus, SPEC_VERSION_CURRENT, type WorkflowRunStatus } from '@workflow/world';
import type { AlarmSchedule } from '../alarm-schedule.js';
import type { RunPort } from '../../run-port.js';
import { readPausedAt } from '../state/pause-flag.js';
import { readRunStatus } from '../state/runs.js';
import type { RunSql } from '../state/sql.js';
import { earliestPendingResume } from '../state/waits.js';
import { type EnqueueCall, EnqueueCallSchema, type EnqueueOutcome } from '../../enqueue-call.js';
import { type HostContext, runExecutionHost } from './host.js';
import { createInbox, type Inbox, isPlainWake, kindOf } from './inbox.js';
import { withLocalRun } from '../../local-run.js';
import { type StepEnd, type StepOutcome, type StepStart, withStepEnd, withStepInvocation } from '../../step-invocation.js';
import { type CreateEventOutcome, NO_HOOK_STAMP, type RpcResult } from '../../protocol.js';
import { installMicrotaskNextTick } from './microtask-next-tick.js';
import { installZeroDelayTimers, reviveZeroDelayTimers } from './zero-delay-timers.js';

/** How far ahead the alarm stays armed while deliveries are in flight or due: the longest a crash delays them. */
export const BACKSTOP_MS = 5_000;

/**
 * How long a due replay waits while other steps of the run are still running: a fan-out's steps finish
 * within milliseconds of each other, and one replay after several of them beats one replay per step. A run
 * with no other step running replays at once.
 */
export const REPLAY_GATHER_MS = 15;

/** Backoff when no host is registered in this isolate (a misconfigured Worker): 1 s doubling, capped at 15 min. */
const NO_HOST_MAX_ATTEMPTS = 64;

export interface RunExecutorDeps {
  storage: DurableObjectStorage;
  h: RunSql;
  alarms: AlarmSchedule;
  /** The object's in-process port, installed as the local run while a delivery executes. */
  port: RunPort;
  /** The run's stored `executionContext`, read in-process (see `localRunExecutionContext`). */
  executionContext(): Record<string, unknown> | undefined;
  /** Writes a step's held `step_completed` from its delivery's answer, checked as an RPC call would be. */
  writeStepEnd(end: StepEnd): Promise<RpcResult<CreateEventOutcome>>;
  context: HostContext;
  waitUntil(promise: Promise<unknown>): void;
  /** R2 bucket of spilled bodies (`queue/<messageId>`), when bound. */
  bucket?: R2Bucket;
  /** The dead-letter queue, when bound; without it, dead rows stay stored (visible in `stats().inbox`). */
  deadLetterQueue?: Queue<DeadLetter>;
}

/** What the object exposes about its executor (operators and tests). */
export interface ExecutionStats {
  flowDeliveries: number;
  stepDeliveries: number;
  /** Most replays that ever ran at once in this instance (the invariant says 1). */
  maxConcurrentFlows: number;
  maxConcurrentSteps: number;
  /** Plain wakes that rode along with a replay instead of causing their own. */
  coalescedWakes: number;
  /** Rows delivered again because the previous instance died with them in flight. */
  recovered: number;
  inbox: { messageId: string; queueName: string; state: string; attempt: number; dueAt: number }[];
}

export interface RunExecutor {
  /** On wake, inside `blockConcurrencyWhile`: creates the tables and takes back what a predecessor had in flight. */
  start(): void;
  /** Records `call` in the inbox, in a transaction of its own; the caller kicks (when is the caller's choice). */
  enqueue(call: EnqueueCall): EnqueueOutcome;
  /** Inside the caller's `transactionSync`: records `call` as `enqueue` does. */
  enqueueWithin(call: EnqueueCall, now: number): EnqueueOutcome;
  /** Something changed (a message, a settled delivery): look at the inbox again, soon. */
  kick(): void;
  /** A transaction that wrote to the inbox was rolled back: read it again from SQLite. */
  reload(): void;
  /**
   * Inside the caller's `transactionSync`, when step `stepId` ended: acknowledges its message and queues a
   * plain wake for the run (with id `wakeId` when given), if the run executes here (see below). Returns the
   * wake's id.
   */
  stepEndedWithin(now: number, stepId: string, wakeId?: string): string | undefined;
  /** The run ended, or was paused / resumed: kept in memory, and the inbox is looked at again. */
  noteRunState(change: { ended?: boolean; paused?: boolean }): void;
  /** The object's alarm fired. */
  onAlarm(): Promise<void>;
  /** A replay or a step of the run is executing now. */
  busy(): boolean;
  /**
   * Inside the caller's `transactionSync`: the run expired, so its inbox is emptied, whatever the rows' state.
   * Returns the spilled bodies to delete. Call `reload()` after a rollback.
   */
  purgeWithin(): string[];
  stats(): ExecutionStats;
}

export function createRunExecutor(deps: RunExecutorDeps): RunExecutor {
  // Made in the object's constructor, at the start of a task (as `onAlarm`), before any I/O: timers of this
  // isolate left waiting by a replay cut off go on.
  reviveZeroDelayTimers();
  const { storage, h, alarms } = deps;
  const inbox: Inbox = createInbox(storage.sql);
  /** A transaction over the inbox; when it throws (and rolls back), the inbox's memory mirror is read again. */
  const tx = <T>(fn: () => T): T => {
    try {
      return storage.transactionSync(fn);
    } catch (error) {
      inbox.store.reload();
      throw error;
    }
  };
  let flowBusy = false;
  /** Replays actually executing right now (measured around the host call, not inferred from `flowBusy`). */
  let flowsExecuting = 0;
  /** Step deliveries in flight: message id -> step id (the message's idempotency key). */
  const stepsInFlight = new Map<string, string | null>();
  /** Steps whose end (`step_completed` / `step_failed`) is committed while their delivery is still in flight. */
  const endedSteps = new Set<string>();
  let gatherTimer: ReturnType<typeof setTimeout> | undefined;
  let driveQueued = false;
  let backstopAt: number | null = null;
  let sendingDead = false;
  /** The run's end and pause, as last read or told (`undefined`: read on next use). */
  let cachedState: { ended: boolean; paused: boolean } | undefined;
  const stats = { flowDeliveries: 0, stepDeliveries: 0, maxConcurrentFlows: 0, maxConcurrentSteps: 0, coalescedWakes: 0, recovered: 0 };

  function kick(): void {
    if (driveQueued) return;
    driveQueued = true;
    queueMicrotask(() => {
      driveQueued = false;
      drive();
    });
  }

  function drive(): void {
    const now = Date.now();
    const { ended, paused } = runState();
    const open = inbox.open();
    if (ended && open.some((r) => r.state === 'pending')) {
      const spilled = tx(() => inbox.dropPending());
      if (spilled.length > 0 && deps.bucket) deps.waitUntil(deps.bucket.delete(spilled));
    } else if (!ended && !paused) {
      const due = open.filter((r) => r.state === 'pending' && r.due_at <= now);
      const maxSteps = runExecutionHost()?.maxConcurrentSteps ?? 1;
      for (const row of due) {
        if (kindOf(row) !== 'step' || stepsInFlight.size >= maxSteps) continue;
        startStep(row);
      }
      if (!flowBusy) {
        const flows = due.filter((r) => kindOf(r) === 'flow');
        const primary = flows.find((r) => !isPlainWake(r)) ?? flows[0];
        if (primary && !gatherFirst(flows, now)) startFlow(primary, flows.filter((r) => r !== primary && isPlainWake(r)));
      }
    }
    const dead = deps.deadLetterQueue ? open.filter((r) => r.state === 'dead') : [];
    if (dead.length > 0 && !sendingDead) deps.waitUntil(sendDeadLetters(dead));
    armAlarm(now, ended || paused ? [] : open.filter((r) => r.state === 'pending'), dead.length > 0);
  }

  /**
   * Whether to let the due replay wait a moment (see {@link REPLAY_GATHER_MS}): only while other steps of the
   * run still run, and never longer than the window after the oldest due wake. Schedules the next look.
   */
  function gatherFirst(flows: readonly MessageRow[], now: number): boolean {
    let running = 0;
    for (const stepId of stepsInFlight.values()) if (stepId === null || !endedSteps.has(stepId)) running++;
    if (running === 0) return false;
    const oldest = Math.min(...flows.map((r) => r.due_at));
    const wait = oldest + REPLAY_GATHER_MS - now;
    if (wait <= 0) return false;
    if (gatherTimer === undefined) {
      gatherTimer = setTimeout(() => {
        gatherTimer = undefined;
        kick();
      }, wait);
    }
    return true;
  }

  /** Whether the run ended or is paused, read once and then kept current by the object (`noteRunState`). */
  function runState(): { ended: boolean; paused: boolean } {
    if (cachedState === undefined) {
      const status = readRunStatus(h);
      cachedState = {
        ended: status !== null && isTerminalWorkflowRunStatus(status as WorkflowRunStatus),
        paused: readPausedAt(h) !== null,
      };
    }
    return cachedState;
  }

  function startFlow(primary: MessageRow, riders: MessageRow[]): void {
    const attempt = tx(() => inbox.start(primary, riders));
    flowBusy = true;
    stats.flowDeliveries++;
    stats.coalescedWakes += riders.length;
    deliver(primary, attempt, 'flow')
      .then((outcome) => {
        tx(() => {
          // One reading of the clock for the delay and the due time it is added to: the SQL read between two
          // readings can see the clock move, and the wake-up would land a millisecond after `resumeAt`.
          const now = Date.now();
          inbox.settle(primary.message_id, attempt, withExactWakeUp(outcome, now), now);
          // The replay covered every plain wake stored before it began, whether it succeeded or not: on
          // failure the primary's retry carries the duty alone.
          inbox.dropRiders(riders);
        });
      })
      .catch((error: unknown) => console.error(`WorkflowRunObject: settling replay ${primary.message_id} failed`, error))
      .finally(() => {
        flowBusy = false;
        kick();
      });
  }

  function startStep(row: MessageRow): void {
    const attempt = tx(() => inbox.start(row, []));
    stepsInFlight.set(row.message_id, row.idempotency_key);
    stats.stepDeliveries++;
    stats.maxConcurrentSteps = Math.max(stats.maxConcurrentSteps, stepsInFlight.size);
    deliver(row, attempt, 'step')
      .then((outcome) => {
        const settled = tx(() => inbox.settle(row.message_id, attempt, outcome, Date.now()));
        if (settled?.as === 'acked') deleteSpilled(settled.row);
      })
      .catch((error: unknown) => console.error(`WorkflowRunObject: settling step ${row.message_id} failed`, error))
      .finally(() => {
        stepsInFlight.delete(row.message_id);
        if (row.idempotency_key !== null) endedSteps.delete(row.idempotency_key);
        kick();
      });
  }

  /** Runs one delivery through the host; never rejects (a failure is an outcome). */
  function deliver(row: MessageRow, attempt: number, kind: 'flow' | 'step'): Promise<Exclude<Outcome, { kind: 'unsent' }>> {
    const task = (async (): Promise<Outcome> => {
      const host = runExecutionHost();
      if (!host) return noHost(attempt);
      try {
        const delivery: Delivery = {
          messageId: row.message_id,
          queueName: row.queue_name,
          attempt,
          body: row.body ?? (await readSpilled(row)),
        };
        const runId = inbox.runId() ?? '';
        if (kind === 'step') {
          const start = await writeStepStarted(row, runId);
          const outcome = await withLocalRun({ runId, port: deps.port, executionContext: deps.executionContext }, () =>
            // In the object's isolate the step's end is held in this invocation; elsewhere it comes in the answer.
            withStepInvocation(async () => withStepEnd(await host.runStep(delivery, deps.context, start)), start),
          );
          return await writeHeldEnd(row, runId, attempt, outcome);
        }
        installZeroDelayTimers();
        installMicrotaskNextTick();
        stats.maxConcurrentFlows = Math.max(stats.maxConcurrentFlows, ++flowsExecuting);
        try {
          return await withLocalRun({ runId, port: deps.port, executionContext: deps.executionContext }, () => host.runFlow(delivery, deps.context));
        } finally {
          flowsExecuting--;
        }
      } catch (error) {
        return host.failure(attempt, error);
      }
    })().then((outcome) => (outcome.kind === 'unsent' ? { kind: 'later', delayMs: 0, continueLocally: false } as const : outcome));
    deps.waitUntil(task);
    return task;
  }

  /**
   * The step's `step_started`, written here through the object's own port before the step is handed out: the
   * DevKit's step handler writes it first thing, one round trip away from the object. Its storage answers the
   * handler with this result instead (`takeStepStart`), refusals included. `undefined` for a message that
   * names no step of the run; its handler then writes `step_started` itself.
   */
  async function writeStepStarted(row: MessageRow, runId: string): Promise<StepStart | undefined> {
    const stepId = row.idempotency_key;
    if (stepId === null) return undefined;
    const step = await deps.port.stepsGet(runId, stepId);
    if (!step.ok) return undefined;
    const result = await deps.port.eventsCreate({
      runId,
      event: { eventType: 'step_started', specVersion: SPEC_VERSION_CURRENT, correlationId: stepId, eventData: { stepName: step.value.stepName } },
      hookStamp: NO_HOOK_STAMP,
    });
    return { runId, stepId, result };
  }

  /**
   * Writes the step's `step_completed` that came held in its delivery's answer (`holdStepEnd`), and answers
   * with the outcome the handler would have had: its write refused as a conflict (the step had already ended)
   * is what the handler shrugs off; any other refusal fails the attempt, as the handler's throw would have.
   */
  async function writeHeldEnd(row: MessageRow, runId: string, attempt: number, outcome: StepOutcome): Promise<Outcome> {
    const { stepEnd, ...rest } = outcome;
    if (!stepEnd) return outcome;
    const host = runExecutionHost();
    const fail = (error: unknown): Outcome => (host ? host.failure(attempt, error) : noHost(attempt));
    const { call, wakeId } = stepEnd;
    const ours = call.runId === runId && call.event?.eventType === 'step_completed' && call.event.correlationId === row.idempotency_key;
    if (!ours || !EnqueueCallSchema.shape.messageId.safeParse(wakeId).success) {
      return fail(new CloudflareWorldError('INVALID_EVENT', `Step delivery ${row.message_id} answered with an end that is not its step's`));
    }
    const result = await deps.writeStepEnd(stepEnd);
    if (result.ok || result.error.name === 'EntityConflictError') return rest as Outcome;
    return fail(fromRpcError(result.error));
  }

  /**
   * A replay suspended on `sleep()` asks to be redelivered after whole seconds (`timeoutSeconds`, at least 1);
   * the object knows the waits, so it wakes the run at the earliest `resumeAt` instead.
   */
  function withExactWakeUp(outcome: Exclude<Outcome, { kind: 'unsent' }>, now: number): Exclude<Outcome, { kind: 'unsent' }> {
    if (outcome.kind !== 'later' || outcome.delayMs === 0) return outcome;
    const resumeAt = earliestPendingResume(h);
    if (resumeAt === null) return outcome;
    return { ...outcome, delayMs: Math.max(0, resumeAt - now) };
  }

  async function readSpilled(row: MessageRow): Promise<string> {
    if (!deps.bucket || row.body_ref === null) {
      throw new CloudflareWorldError('BINDING_MISSING', `Message ${row.message_id} has its body in R2 but the run object has no BUCKET binding`);
    }
    return loadBody(deps.bucket, row.body_ref);
  }

  function deleteSpilled(row: MessageRow): void {
    if (row.body_ref !== null && deps.bucket) deps.waitUntil(deps.bucket.delete(row.body_ref));
  }

  async function sendDeadLetters(dead: MessageRow[]): Promise<void> {
    sendingDead = true;
    try {
      const shard = `run:${inbox.runId() ?? ''}`;
      const deadAt = Date.now();
      const letters = dead.map((r): DeadLetter => ({
        reason: 'max-attempts',
        error: r.last_error ?? 'unknown error',
        envelope: envelopeOfRow(r, shard),
        deadAt,
      }));
      await sendInChunks(deps.deadLetterQueue as Queue<DeadLetter>, letters);
      // Only once the DLQ has them; a failed send keeps the rows and the alarm tries again.
      tx(() => {
        for (const r of dead) inbox.store.delete(r.message_id);
      });
    } catch (error) {
      console.error('WorkflowRunObject: sending dead letters failed; the alarm retries', error);
    } finally {
      sendingDead = false;
    }
  }

  /**
   * The inbox's alarm need: a future due row (a delay, a sleep), or — while work is in flight or due now —
   * a backstop a few seconds ahead, kept as is until it fires so a busy run does not write its alarm per step.
   */
  function armAlarm(now: number, pending: readonly MessageRow[], deadOwed: boolean): void {
    let next: number | null = null;
    let dueNow = false;
    for (const r of pending) {
      if (r.due_at <= now) dueNow = true;
      else if (next === null || r.due_at < next) next = r.due_at;
    }
    const busy = flowBusy || stepsInFlight.size > 0 || dueNow || deadOwed;
    backstopAt = busy ? (backstopAt ?? now + BACKSTOP_MS) : null;
    const want = next !== null && (backstopAt === null || next < backstopAt) ? next : backstopAt;
    void alarms.want('inbox', want);
  }

  /**
   * A step just ended, inside the caller's transaction: its message is acknowledged and a plain wake of the
   * workflow queued, so the replay that follows needs no round trip from the step's invocation. Only for a run
   * whose messages already come to this inbox; returns the wake's id, or `undefined` when the run does not
   * execute here.
   */
  function stepEndedWithin(now: number, stepId: string, wakeId?: string): string | undefined {
    const runId = inbox.runId();
    const queueName = inbox.flowQueue();
    if (runId === undefined || queueName === undefined) return undefined;
    if ([...stepsInFlight.values()].includes(stepId)) endedSteps.add(stepId);
    ackEndedStep(stepId);
    const body = encodeValue({ runId });
    const messageId = wakeId ?? newMessageId(now);
    inbox.enqueue(
      { runId, messageId, queueName, body, bodyRef: null, bodySize: body.length, headers: {}, deploymentId: 'run-object', idempotencyKey: null, delayMs: 0 },
      now,
    );
    return messageId;
  }

  /**
   * A step's own message is done once its end is committed, so it is acknowledged in that same transaction: the
   * delivery's answer then finds nothing to settle and writes nothing (one commit per step fewer; each commit
   * is a sync the next answer waits for). A body kept in R2 waits for that answer, which deletes it after a commit.
   */
  function ackEndedStep(stepId: string): void {
    const row = inbox.store.findByKey(stepId);
    if (row && row.state === 'running' && row.body_ref === null) inbox.store.delete(row.message_id);
  }

  return {
    start() {
      tx(() => {
        inbox.migrate();
        stats.recovered += inbox.recover(Date.now());
      });
      kick();
    },
    enqueue: (call) => tx(() => inbox.enqueue(call, Date.now())),
    kick,
    enqueueWithin: (call, now) => inbox.enqueue(call, now),
    stepEndedWithin,
    reload: () => inbox.store.reload(),
    noteRunState(change) {
      const state = runState();
      cachedState = { ended: change.ended ?? state.ended, paused: change.paused ?? state.paused };
      kick();
    },
    async onAlarm() {
      reviveZeroDelayTimers();
      backstopAt = null;
      drive();
    },
    busy: () => flowsExecuting > 0 || flowBusy || stepsInFlight.size > 0,
    purgeWithin() {
      cachedState = { ended: true, paused: false };
      return inbox.dropAll();
    },
    stats() {
      return {
        ...stats,
        inbox: inbox.store.all().map((r) => ({
          messageId: r.message_id,
          queueName: r.queue_name,
          state: r.state,
          attempt: r.attempt,
          dueAt: r.due_at,
        })),
      };
    },
  };
}

function noHost(attempt: number): Outcome {
  console.error(
    'WorkflowRunObject: no run execution host is registered in this isolate, so this run cannot execute. ' +
      'Export `createWorkflowWorker(...)` from workflow-world-cloudflare/worker as the Worker\'s default export.',
  );
  return {
    kind: 'failed',
    error: 'No run execution host registered (createWorkflowWorker is not the default export)',
    maxAttempts: NO_HOST_MAX_ATTEMPTS,
    delayMs: Math.min(900_000, 1000 * 2 ** Math.max(0, attempt - 1)),
  };
}
