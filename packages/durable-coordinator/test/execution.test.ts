/// <reference types="@cloudflare/vitest-plugin/types" />
/**
 * The run executes in its object: one replay at a time with wakes coalesced, steps in parallel, crash
 * recovery without a lease, exact sleep wake-ups, pause and end, retries, per-run idempotency, in-process
 * storage during a replay, and an event log read once. Deliveries go to the recording host of
 * `execution-host.ts`; nothing here is timed.
 */
import { abortAllDurableObjects, env, runInDurableObject } from 'cloudflare:test';
import { newMessageId } from '@workflow-world-cloudflare/core';
import { enc, freshRunId, newRun, SPEC, startedRun, unique } from '@workflow-world-cloudflare/core/testing';
import { type Outcome, parseQueueCall } from '@workflow-world-cloudflare/queue-cf';
import type { Storage } from '@workflow/world';
import { describe, expect, it } from 'vitest';
import { createRunControls, createRunQueue } from '../src/index.js';
import { NO_HOOK_STAMP } from '../src/protocol.js';
import { behave, deliveriesOf, maxActive } from './execution-host.js';
import { createTestStorage, runStubOf } from './helpers.js';
import type { WorkflowRunObjectWithSeams as WorkflowRunObject } from './run-object-seams.js';

const ACK: Outcome = { kind: 'ack' };
const runQueue = () => createRunQueue({ runs: env.WORKFLOW_RUN, bucket: env.BUCKET, deploymentId: 'dpl_test' });

function wake(runId: string, extra: Record<string, unknown> = {}, opts: Record<string, unknown> = {}) {
  return runQueue().enqueue(runId, parseQueueCall('__wkf_workflow_test', { runId, ...extra }, opts));
}

function step(runId: string, stepId: string, opts: Record<string, unknown> = {}) {
  const payload = { workflowName: 'test', workflowRunId: runId, workflowStartedAt: 0, stepId };
  return runQueue().enqueue(runId, parseQueueCall('__wkf_step_add', payload, { idempotencyKey: stepId, ...opts }));
}

/** Polls `check` until it holds (generous: the suite must pass on a loaded machine). */
async function eventually(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const stats = (runId: string) => runStubOf(runId).executionStats();
/** The attempts with which step message `messageId` of `runId` was delivered, in order. */
const stepAttempts = (runId: string, messageId: string): number[] =>
  deliveriesOf(runId, 'step').filter((d) => d.messageId === messageId).map((d) => d.attempt);
/** The run's logged events of one type (the runs here stay far below one page). */
const eventsOfType = async (storage: Storage, runId: string, eventType: string) =>
  (await storage.events.list({ runId, pagination: { limit: 100 } })).data.filter((e) => e.eventType === eventType);
/** Messages the run's object got through its `enqueue` RPC method (not riding in a `run_created` call). */
const enqueueCalls = (runId: string) => runInDurableObject(runStubOf(runId), (o: WorkflowRunObject) => o.enqueueCalls);
const inboxEmpty = async (runId: string) => (await stats(runId)).inbox.length === 0;

/** A started run whose messages come to its inbox (first replay settled), with one step created. */
async function runWithCreatedStep(): Promise<{ storage: Storage; runId: string; stepId: string }> {
  const storage = createTestStorage();
  const runId = await startedRun(storage);
  await wake(runId);
  await eventually(() => inboxEmpty(runId), 'first replay');
  const stepId = unique('step');
  await storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: stepId, eventData: { stepName: 's', input: enc('i') } });
  return { storage, runId, stepId };
}

/** A promise with its resolver, for holding a delivery until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

// Generous timeouts: the suite must pass on a loaded machine; nothing asserts how long anything took.
describe('run execution in the run object', { timeout: 60_000 }, () => {
  it('runs one replay at a time: wakes that arrive during a replay ride along with the next one', async () => {
    const runId = unique('wrun_coalesce');
    const first = gate();
    behave(runId, {
      flow: async (_payload, delivery) => {
        if (delivery.attempt === 1 && deliveriesOf(runId, 'flow').length === 1) await first.promise;
        return ACK;
      },
    });
    await wake(runId);
    await eventually(() => deliveriesOf(runId, 'flow').length === 1, 'the first replay');
    // 20 wakes while the first replay still runs: none may start a replay of its own.
    await Promise.all(Array.from({ length: 20 }, () => wake(runId)));
    expect(deliveriesOf(runId, 'flow')).toHaveLength(1);
    first.open();
    await eventually(() => inboxEmpty(runId), 'every wake settled');
    expect(deliveriesOf(runId, 'flow')).toHaveLength(2); // the first replay, then one for all 20 wakes
    expect(maxActive(runId, 'flow')).toBe(1);
    const s = await stats(runId);
    expect(s.maxConcurrentFlows).toBe(1);
    expect(s.coalescedWakes).toBe(19);
  });

  it('delivers a start message itself, never folded into another replay', async () => {
    const runId = unique('wrun_start');
    const first = gate();
    behave(runId, { flow: async () => (await first.promise, ACK) });
    await wake(runId);
    await eventually(() => deliveriesOf(runId, 'flow').length === 1, 'the first replay');
    await wake(runId, { runInput: { input: enc('[]'), deploymentId: 'dpl_test', workflowName: 'test', specVersion: SPEC } });
    await wake(runId);
    first.open();
    await eventually(() => inboxEmpty(runId), 'every message settled');
    const flows = deliveriesOf(runId, 'flow');
    expect(flows).toHaveLength(2);
    expect(flows[1]?.payload).toHaveProperty('runInput'); // the start message led; the plain wake rode along
  });

  it('runs the steps of a fan-out concurrently', async () => {
    const runId = unique('wrun_fanout');
    const width = 20;
    const allStarted = gate();
    behave(runId, {
      step: async () => {
        // Resolves only once every step has started: if they ran one by one, none would ever finish.
        if (deliveriesOf(runId, 'step').length === width) allStarted.open();
        await allStarted.promise;
        return ACK;
      },
    });
    await Promise.all(Array.from({ length: width }, (_, i) => step(runId, `step_${i}`)));
    await eventually(() => inboxEmpty(runId), 'every step settled');
    expect(maxActive(runId, 'step')).toBe(width);
    expect((await stats(runId)).maxConcurrentSteps).toBe(width);
    expect(deliveriesOf(runId, 'step')).toHaveLength(width);
  });

  it('redelivers exactly the step in flight when the object dies, within seconds and with no call to it', async () => {
    const runId = unique('wrun_crash');
    behave(runId, {
      // The first attempt of step B never ends: the object is killed while it runs.
      step: async (payload, delivery) => (payload.stepId === 'B' && delivery.attempt === 1 ? new Promise<Outcome>(() => {}) : ACK),
    });
    await step(runId, 'A');
    await eventually(async () => deliveriesOf(runId, 'step').length === 1 && (await inboxEmpty(runId)), 'step A done');
    await step(runId, 'B');
    await eventually(() => deliveriesOf(runId, 'step').some((d) => d.payload.stepId === 'B'), 'step B started');

    await abortAllDurableObjects();
    // Nobody calls the object: the alarm it kept armed while B was in flight brings it back.
    await eventually(() => deliveriesOf(runId, 'step').filter((d) => d.payload.stepId === 'B').length === 2, 'step B again', 20_000);

    const byStep = deliveriesOf(runId, 'step').map((d) => `${String(d.payload.stepId)}#${d.attempt}`);
    expect(byStep).toEqual(['A#1', 'B#1', 'B#2']);
    await eventually(() => inboxEmpty(runId), 'step B settled');
    expect((await stats(runId)).recovered).toBe(1);
  });

  it('wakes a replay suspended on a sleep at the wait\'s resumeAt, not after whole seconds', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    const resumeAt = new Date(Date.now() + 60_000);
    behave(runId, {
      flow: async () => {
        await storage.events.create(runId, {
          eventType: 'wait_created',
          specVersion: SPEC,
          correlationId: unique('wait'),
          eventData: { resumeAt },
        });
        // What the runtime answers for a suspension on a wait: whole seconds, at least one.
        return { kind: 'later', delayMs: 61_000, continueLocally: false };
      },
    });
    await wake(runId);
    await eventually(async () => (await stats(runId)).inbox[0]?.state === 'pending', 'the replay settled');
    expect((await stats(runId)).inbox.map((m) => m.dueAt)).toEqual([resumeAt.getTime()]);
  });

  it('holds a paused run\'s messages and delivers them on resume', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    const controls = createRunControls({ runs: env.WORKFLOW_RUN });
    await controls.setPaused(runId, true);
    await wake(runId);
    await step(runId, 'held-step');
    // The enqueue has been answered and the object has looked at its inbox: nothing started.
    expect((await stats(runId)).inbox.map((m) => m.state)).toEqual(['pending', 'pending']);
    expect(deliveriesOf(runId)).toHaveLength(0);
    await controls.setPaused(runId, false);
    await eventually(() => inboxEmpty(runId), 'delivered after resume');
    expect(deliveriesOf(runId).map((d) => d.kind).sort()).toEqual(['flow', 'step']);
  });

  it('drops the pending messages of a run that ended', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    await step(runId, 'later-step', { delaySeconds: 3600 });
    expect((await stats(runId)).inbox).toHaveLength(1);
    await storage.events.create(runId, { eventType: 'run_completed', specVersion: SPEC, eventData: { output: enc('done') } });
    await eventually(() => inboxEmpty(runId), 'pending message dropped');
    expect(deliveriesOf(runId)).toHaveLength(0);
  });

  it('retries a failed delivery as the next attempt after its backoff', async () => {
    const runId = unique('wrun_retry');
    behave(runId, {
      flow: async (_payload, delivery) =>
        delivery.attempt === 1 ? { kind: 'failed', error: 'boom', maxAttempts: 5, delayMs: 50 } : ACK,
    });
    const { messageId } = await wake(runId);
    await eventually(() => inboxEmpty(runId), 'retried and acked');
    expect(deliveriesOf(runId).map((d) => [d.messageId, d.attempt])).toEqual([
      [messageId, 1],
      [messageId, 2],
    ]);
  });

  it('keeps idempotency keys per run: a duplicate while pending is the same message', async () => {
    const runA = unique('wrun_idem');
    const runB = unique('wrun_idem');
    const a1 = await step(runA, 'same-key', { delaySeconds: 3600 });
    const a2 = await step(runA, 'same-key', { delaySeconds: 3600 });
    const b1 = await step(runB, 'same-key', { delaySeconds: 3600 });
    expect(a2.messageId).toBe(a1.messageId);
    expect(b1.messageId).not.toBe(a1.messageId);
    expect((await stats(runA)).inbox).toHaveLength(1);
  });

  it('serves a replay\'s storage calls in-process: run_started carries the whole log', async () => {
    const storage = createTestStorage();
    const runId = await newRun(storage);
    await storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC });
    for (let i = 0; i < 60; i++) {
      const stepId = `step_${i}`;
      await storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: stepId, eventData: { stepName: 's', input: enc('i') } });
      await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: stepId });
    }
    // Over RPC, a second run_started answers with the run only (the runtime then pages through events.list).
    const outside = await storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC });
    expect(outside.run?.status).toBe('running');
    expect(outside.events).toBeUndefined();

    let inside: Awaited<ReturnType<Storage['events']['create']>> | undefined;
    behave(runId, {
      flow: async () => {
        inside = await storage.events.create(runId, { eventType: 'run_started', specVersion: SPEC });
        return ACK;
      },
    });
    await wake(runId);
    await eventually(() => inside !== undefined, 'the replay ran');
    expect(inside?.events).toHaveLength(122); // run_created, run_started and 120 step events: the whole log at once
    expect((inside as { hasMore?: boolean }).hasMore).toBe(false);
  });

  it('reads each event row once, however often the log is listed', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    for (let i = 0; i < 30; i++) {
      await storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: `s${i}`, eventData: { stepName: 's', input: enc('i') } });
    }
    const listAll = () => storage.events.list({ runId, pagination: { sortOrder: 'asc', limit: 10 } });
    const first = await listAll();
    expect(first.data).toHaveLength(10);
    const after = (await stats(runId)).eventRowsRead;
    for (let i = 0; i < 5; i++) {
      let page = await listAll();
      while (page.hasMore) page = await storage.events.list({ runId, pagination: { sortOrder: 'asc', limit: 10, cursor: page.cursor ?? undefined } });
    }
    expect((await stats(runId)).eventRowsRead).toBe(after);
    expect(after).toBe(32); // run_created, run_started and 30 step_created: each read exactly once
  });

  it('queues the replay after a step with the step event itself; the step handler\'s own wake costs no round trip', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    await wake(runId); // the run's messages now come to its inbox
    await eventually(() => inboxEmpty(runId), 'first replay');
    const stepId = unique('step');
    await storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: stepId, eventData: { stepName: 's', input: enc('i') } });
    let handlerWake: string | undefined;
    const replayStarted = gate();
    behave(runId, {
      flow: async () => (replayStarted.open(), ACK),
      // What the DevKit's step handler does: step_started, the body, step_completed, then a wake.
      step: async () => {
        await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: stepId });
        await storage.events.create(runId, { eventType: 'step_completed', specVersion: SPEC, correlationId: stepId, eventData: { result: enc('r') } });
        handlerWake = (await wake(runId, { requestedAt: new Date() })).messageId;
        return ACK;
      },
    });
    const flowsBefore = deliveriesOf(runId, 'flow').length;
    await step(runId, stepId);
    await replayStarted.promise;
    await eventually(() => inboxEmpty(runId), 'step and replay settled');
    // The handler's wake is the one the object queued with step_completed: one replay, no second message.
    expect(handlerWake).toBeDefined();
    expect(deliveriesOf(runId, 'flow').slice(flowsBefore).map((d) => d.messageId)).toEqual([handlerWake]);
  });

  it("writes a step's step_started when it dispatches the step; the handler's own step_started is answered with it", async () => {
    const { storage, runId, stepId } = await runWithCreatedStep();
    const startedEvents = () => eventsOfType(storage, runId, 'step_started');
    const seen: { before: number; attempt?: number | undefined; error?: string }[] = [];
    behave(runId, {
      // What the DevKit's step handler does first: step_started (here after a look at the log).
      step: async () => {
        const before = (await startedEvents()).length;
        const answer = await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: stepId }).then(
          (r) => ({ attempt: r.step?.attempt }),
          (error: Error) => ({ error: error.name }),
        );
        seen.push({ before, ...answer });
        return ACK;
      },
    });
    await step(runId, stepId);
    await eventually(() => inboxEmpty(runId), 'the step delivered');
    expect(seen).toEqual([{ before: 1, attempt: 1 }]);
    // One step_started, the object's, named after the step as step_created named it.
    expect((await startedEvents()).map((e) => (e as { eventData?: unknown }).eventData)).toEqual([{ stepName: 's' }]);

    // A step that has ended: the object's step_started is refused, and the handler gets that refusal.
    await storage.events.create(runId, { eventType: 'step_completed', specVersion: SPEC, correlationId: stepId, eventData: { result: enc('r') } });
    await step(runId, stepId);
    await eventually(() => seen.length === 2 && inboxEmpty(runId), 'the late delivery settled');
    expect(seen[1]).toEqual({ before: 1, error: 'EntityConflictError' });
    expect(await startedEvents()).toHaveLength(1);
  });

  it("acknowledges a step's message with a step_completed written elsewhere, before the delivery answers; the answer then settles nothing", async () => {
    const { storage, runId, stepId } = await runWithCreatedStep();
    const started = gate();
    const answer = gate();
    behave(runId, {
      step: async () => {
        await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: stepId });
        started.open();
        await answer.promise; // the delivery stays in flight
        return ACK;
      },
    });
    const { messageId } = await step(runId, stepId);
    await started.promise;
    // The step ends through another delivery of it (outside this one's invocation: an RPC, written at once).
    await storage.events.create(runId, { eventType: 'step_completed', specVersion: SPEC, correlationId: stepId, eventData: { result: enc('r') } });
    // Committed with step_completed: the step's message is gone while its delivery has not answered yet.
    await eventually(async () => !(await stats(runId)).inbox.some((m) => m.messageId === messageId), "the step's message acknowledged");
    expect(stepAttempts(runId, messageId)).toHaveLength(1);
    answer.open();
    await eventually(() => inboxEmpty(runId), 'the replay after the step settled');
    // Never delivered again, and the replay the step woke ran.
    expect(stepAttempts(runId, messageId)).toEqual([1]);
    expect((await storage.steps.get(runId, stepId)).status).toBe('completed');
  });

  it("holds the step_completed its handler writes until the delivery answers, then writes it with the answer (wake id included)", async () => {
    const { storage, runId, stepId } = await runWithCreatedStep();
    const completedEvents = () => eventsOfType(storage, runId, 'step_completed');
    const held = gate();
    const answer = gate();
    let handlerWake: string | undefined;
    behave(runId, {
      // What the DevKit's step handler does: step_started, the body, step_completed, its wake; then it returns.
      step: async () => {
        await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: stepId });
        await storage.events.create(runId, { eventType: 'step_completed', specVersion: SPEC, correlationId: stepId, eventData: { result: enc('r') } });
        handlerWake = (await wake(runId, { requestedAt: new Date() })).messageId;
        held.open();
        await answer.promise;
        return ACK;
      },
    });
    const { messageId } = await step(runId, stepId);
    await held.promise;
    // Held: nothing of the end is written while the delivery has not answered.
    expect(await completedEvents()).toHaveLength(0);
    expect((await storage.steps.get(runId, stepId)).status).toBe('running');
    expect((await stats(runId)).inbox.map((m) => [m.messageId, m.state])).toEqual([[messageId, 'running']]);
    const flowsBefore = deliveriesOf(runId, 'flow').length;
    answer.open();
    await eventually(() => inboxEmpty(runId), 'the end written and the replay after it settled');
    expect((await storage.steps.get(runId, stepId)).status).toBe('completed');
    expect(await completedEvents()).toHaveLength(1);
    // The wake the handler was answered with is the one the object queued with the end.
    expect(handlerWake).toMatch(/^msg_/);
    expect(deliveriesOf(runId, 'flow').slice(flowsBefore).map((d) => d.messageId)).toEqual([handlerWake]);
    expect(stepAttempts(runId, messageId)).toEqual([1]);
  });

  it('answers a held step_completed that lost to another end as the handler would: the delivery is done, the first end stays', async () => {
    const { storage, runId, stepId } = await runWithCreatedStep();
    const held = gate();
    const answer = gate();
    behave(runId, {
      step: async () => {
        await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: stepId });
        await storage.events.create(runId, { eventType: 'step_completed', specVersion: SPEC, correlationId: stepId, eventData: { result: enc('held') } });
        held.open();
        await answer.promise;
        return ACK;
      },
    });
    const { messageId } = await step(runId, stepId);
    await held.promise;
    // Another delivery of the step ends it first (over RPC, outside the held invocation).
    await storage.events.create(runId, { eventType: 'step_completed', specVersion: SPEC, correlationId: stepId, eventData: { result: enc('first') } });
    answer.open();
    await eventually(() => inboxEmpty(runId), 'the delivery settled');
    const ends = await eventsOfType(storage, runId, 'step_completed');
    expect(ends).toHaveLength(1);
    expect((await storage.steps.get(runId, stepId)).output).toEqual(enc('first'));
    // The refused held end is the handler's 409: no retry of the delivery.
    expect(stepAttempts(runId, messageId)).toEqual([1]);
  });

  it("fails the attempt whose answer carries an end that is not its step's, or a malformed one; nothing of either is written", async () => {
    const { storage, runId, stepId } = await runWithCreatedStep();
    const endOf = (correlationId: string, eventData: Record<string, unknown> | undefined) => ({
      call: { runId, event: { eventType: 'step_completed', specVersion: SPEC, correlationId, ...(eventData ? { eventData } : {}) }, hookStamp: NO_HOOK_STAMP },
      wakeId: newMessageId(),
    });
    // Another step of the run, started: an end for it would be written, were it not refused as not this step's.
    const other = unique('step');
    await storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: other, eventData: { stepName: 's', input: enc('i') } });
    await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: other });
    const answers = [
      { ...ACK, stepEnd: endOf(other, { result: enc('r') }) },
      { ...ACK, stepEnd: endOf(stepId, undefined) },
      ACK,
    ];
    behave(runId, { step: async (_payload, delivery) => answers[delivery.attempt - 1] as Outcome });
    const { messageId } = await step(runId, stepId);
    await eventually(async () => deliveriesOf(runId, 'step').length === 3 && (await inboxEmpty(runId)), 'the third attempt settled');
    expect(stepAttempts(runId, messageId)).toEqual([1, 2, 3]);
    const log = (await storage.events.list({ runId, pagination: { limit: 100 } })).data;
    expect(log.filter((e) => e.eventType === 'step_completed')).toEqual([]);
    expect((await storage.steps.get(runId, other)).status).toBe('running');
  });

  it('keeps a step that failed for a retry (step_retrying) in its inbox until its delivery answers', async () => {
    const { storage, runId, stepId } = await runWithCreatedStep();
    const retrying = gate();
    const answer = gate();
    let attempts = 0;
    behave(runId, {
      step: async () => {
        attempts++;
        if (attempts === 1) {
          await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: stepId });
          await storage.events.create(runId, { eventType: 'step_retrying', specVersion: SPEC, correlationId: stepId, eventData: { error: { message: 'try again' } } });
          retrying.open();
          await answer.promise;
          return { kind: 'later', delayMs: 0, continueLocally: false };
        }
        return ACK;
      },
    });
    const { messageId } = await step(runId, stepId);
    await retrying.promise;
    expect((await stats(runId)).inbox.map((m) => m.messageId)).toContain(messageId);
    answer.open();
    await eventually(() => attempts === 2, 'the retry delivered');
    expect(stepAttempts(runId, messageId)).toEqual([1, 2]);
  });

  it('never keeps a rolled-back write in memory: a refused resilient start leaves no run behind', async () => {
    const storage = createTestStorage();
    const runId = freshRunId();
    // Creates the run from the start data, then refuses the newer spec: the whole transaction rolls back.
    await expect(
      storage.events.create(runId, {
        eventType: 'run_started',
        specVersion: 99,
        eventData: { deploymentId: 'dpl', workflowName: 'w', input: enc('in') },
      } as never),
    ).rejects.toMatchObject({ name: 'RunNotSupportedError' });
    await expect(storage.runs.get(runId)).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
    await expect(storage.events.create(runId, { eventType: 'step_created', specVersion: SPEC, correlationId: 's', eventData: { stepName: 's', input: enc('i') } })).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
  });

  it("carries start()'s first wake in the run_created call: one call, and the first replay finds the run", async () => {
    const storage = createTestStorage();
    const runId = freshRunId();
    const seen: string[] = [];
    behave(runId, {
      flow: async () => {
        seen.push(await storage.runs.get(runId).then((run) => run.status, (error: Error) => error.name));
        return ACK;
      },
    });
    // As core's start() does: events.create(run_created), then queue() in the same expression.
    const [created, queued] = await Promise.all([
      storage.events.create(runId, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'dpl', workflowName: 'test', input: enc('in') } }),
      wake(runId, { runInput: { input: enc('in'), deploymentId: 'dpl', workflowName: 'test', specVersion: SPEC } }),
    ]);
    expect(created.run?.runId).toBe(runId);
    await eventually(() => inboxEmpty(runId), 'the first replay');
    expect(deliveriesOf(runId, 'flow').map((d) => d.messageId)).toEqual([queued.messageId]);
    // Sent apart, the wake arrived first and its replay ran before the run existed.
    expect(seen).toEqual(['pending']);
    expect(await enqueueCalls(runId)).toBe(0);
  });

  it('sends the wake on its own when its run_created is refused, and stores nothing of a refused ride', async () => {
    const storage = createTestStorage();
    const runId = await newRun(storage);
    const [created, queued] = await Promise.allSettled([
      storage.events.create(runId, { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'dpl', workflowName: 'test', input: enc('in') } }),
      wake(runId),
    ]);
    expect(created).toMatchObject({ status: 'rejected', reason: { name: 'EntityConflictError' } });
    expect(queued.status).toBe('fulfilled');
    await eventually(() => deliveriesOf(runId, 'flow').length === 1, 'the wake delivered');
    expect(await enqueueCalls(runId)).toBe(1);

    // The object takes riders only with run_created, and only for that run: anything else refuses the whole call.
    const other = freshRunId();
    const rider = { runId: freshRunId(), messageId: 'msg_01ABC', queueName: '__wkf_workflow_test', body: '{}', bodyRef: null, bodySize: 2, headers: {}, deploymentId: 'dpl', idempotencyKey: null, delayMs: 0 };
    const refused = await runStubOf(other).eventsCreate({
      runId: other,
      event: { eventType: 'run_created', specVersion: SPEC, eventData: { deploymentId: 'dpl', workflowName: 'test', input: enc('in') } },
      hookStamp: { ownerId: 'o', projectId: 'p', environment: 'e' },
      wakes: [rider],
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_EVENT' } });
    await expect(storage.runs.get(other)).rejects.toMatchObject({ name: 'WorkflowRunNotFoundError' });
    expect((await stats(other)).inbox).toEqual([]);
  });

  it('lets a step run longer than 30 seconds (no waitUntil cut-off) and settles it once', { timeout: 120_000 }, async () => {
    const runId = unique('wrun_long');
    let finished = 0;
    behave(runId, {
      step: async () => {
        // Real time in workerd, not a fake clock: the delivery stays in flight across several backstop alarms.
        await new Promise((r) => setTimeout(r, 31_000));
        finished++;
        return ACK;
      },
    });
    await step(runId, 'slow');
    await eventually(() => inboxEmpty(runId), 'the long step settled', 90_000);
    expect(finished).toBe(1);
    expect(deliveriesOf(runId, 'step').map((d) => d.attempt)).toEqual([1]);
  });

  it('does not hold a replay back for a step that keeps running (it waits a few milliseconds at most)', async () => {
    const runId = unique('wrun_gather');
    const release = gate();
    behave(runId, { step: async () => (await release.promise, ACK) });
    await step(runId, 'long-running');
    await eventually(() => deliveriesOf(runId, 'step').length === 1, 'the step started');
    await wake(runId);
    await eventually(() => deliveriesOf(runId, 'flow').length === 1, 'the replay, while the step still runs');
    expect(deliveriesOf(runId, 'step')).toHaveLength(1);
    release.open();
    await eventually(() => inboxEmpty(runId), 'all settled');
  });

  it("runs a replay with the isolate's zero-delay timers and promise-reaction process.nextTick in place", async () => {
    const runId = unique('wrun_isolate_patches');
    const seen: { timers: boolean; nextTick: boolean }[] = [];
    behave(runId, {
      flow: async () => {
        seen.push({
          timers: typeof (globalThis as Record<symbol, unknown>)[Symbol.for('workflow-world-cloudflare/zero-delay-timers')] === 'object',
          nextTick: (process as unknown as Record<symbol, unknown>)[Symbol.for('workflow-world-cloudflare/microtask-next-tick')] === true,
        });
        return ACK;
      },
    });
    await wake(runId);
    await eventually(() => inboxEmpty(runId), 'the replay settled');
    expect(seen).toEqual([{ timers: true, nextTick: true }]);
  });
});
