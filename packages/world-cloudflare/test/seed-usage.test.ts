/**
 * Every example of the original README's "Usage" section, done the same way through this World's API (the
 * DevKit's event-sourced interface: entities change only through `events.create`).
 */
import { env } from 'cloudflare:test';
import { fromTagged } from '@workflow-world-cloudflare/core';
import { describe, expect, it } from 'vitest';
import { callsOf, createRun, dec, enc, eventually, testWorld } from './helpers.js';

describe('README usage, through the World API', () => {
  it('basic example: create a run and queue a step for it', async () => {
    const world = testWorld();
    const runId = await createRun('my-workflow', enc(JSON.stringify({ userId: '123', action: 'process' })));
    const { messageId } = await world.queue('__wkf_step_process', {
      workflowName: 'my-workflow',
      workflowRunId: runId,
      workflowStartedAt: Date.now(),
      stepId: 'step_process-data',
    });
    expect(messageId).toMatch(/^msg_/);
    const calls = await eventually(() => callsOf(runId), (c) => c.length > 0);
    expect(calls[0]).toMatchObject({ runId, messageId, attempt: 1, queueName: '__wkf_step_process' });
  });

  it('creating and managing runs: get, update status, list by name and status, cancel, pause / resume', async () => {
    const world = testWorld();
    const name = `email-sequence-${crypto.randomUUID()}`;
    const runId = await createRun(name, enc(JSON.stringify({ email: 'user@example.com' })));
    const other = await createRun(name);

    const retrieved = await world.runs.get(runId);
    expect(retrieved).toMatchObject({ runId, status: 'pending', workflowName: name });
    expect(dec(retrieved.input)).toBe('{"email":"user@example.com"}');

    const started = await world.events.create(runId, { eventType: 'run_started', specVersion: 3 });
    expect(started.run?.status).toBe('running');

    const running = await world.runs.list({ workflowName: name, status: 'running', pagination: { limit: 10 } });
    expect(running.data.map((r) => r.runId)).toEqual([runId]);
    const all = await world.runs.list({ workflowName: name, pagination: { limit: 10 } });
    expect(all.data.map((r) => r.runId).sort()).toEqual([runId, other].sort());

    await world.control.pause(runId);
    await world.control.resume(runId);
    const cancelled = await world.control.cancel(runId);
    expect(cancelled.status).toBe('cancelled');
    expect((await world.runs.get(runId)).status).toBe('cancelled');
  });

  it('working with steps: create, complete with output, list', async () => {
    const world = testWorld();
    const runId = await createRun('steps-example');
    await world.events.create(runId, { eventType: 'run_started', specVersion: 3 });
    const stepId = `step_${crypto.randomUUID()}`;
    const { step } = await world.events.create(runId, {
      eventType: 'step_created',
      specVersion: 3,
      correlationId: stepId,
      eventData: { stepName: 'send-email', input: enc('{"to":"user@example.com","template":"welcome"}') },
    });
    expect(step).toMatchObject({ stepId, status: 'pending', attempt: 0 });
    await world.events.create(runId, { eventType: 'step_started', specVersion: 3, correlationId: stepId });
    const done = await world.events.create(runId, {
      eventType: 'step_completed',
      specVersion: 3,
      correlationId: stepId,
      eventData: { stepName: 'send-email', result: enc('{"messageId":"msg_123"}') },
    });
    expect(done.step?.status).toBe('completed');
    const { data: steps } = await world.steps.list({ runId });
    expect(steps.map((s) => [s.stepId, s.status])).toEqual([[stepId, 'completed']]);
    expect(dec(steps[0]!.output)).toBe('{"messageId":"msg_123"}');
  });

  it('recording events: create with a correlation id, list with data resolution, list by correlation id', async () => {
    const world = testWorld();
    const runId = await createRun('events-example');
    const correlationId = `wait_${crypto.randomUUID()}`;
    await world.events.create(runId, {
      eventType: 'wait_created',
      specVersion: 3,
      correlationId,
      eventData: { resumeAt: new Date(Date.now() + 60_000) },
    });
    const { data: events } = await world.events.list({ runId, resolveData: 'all' });
    expect(events.map((e) => e.eventType)).toEqual(['run_created', 'wait_created']);
    const { data: none } = await world.events.list({ runId, resolveData: 'none' });
    expect((none[0] as { eventData?: { input?: unknown } }).eventData?.input).toBeUndefined();
    const { data: correlated } = await world.events.listByCorrelationId({ correlationId });
    expect(correlated.map((e) => [e.runId, e.eventType])).toEqual([[runId, 'wait_created']]);
  });

  it('using hooks: create, get by token, dispose', async () => {
    const world = testWorld();
    const runId = await createRun('hooks-example');
    await world.events.create(runId, { eventType: 'run_started', specVersion: 3 });
    const hookId = `hook_${crypto.randomUUID()}`;
    const token = `tok-${crypto.randomUUID()}`;
    await world.events.create(runId, {
      eventType: 'hook_created',
      specVersion: 3,
      correlationId: hookId,
      eventData: { token, metadata: enc('{"responseUrl":"https://example.com/callback"}') },
    });
    const retrieved = await world.hooks.getByToken(token);
    expect(retrieved).toMatchObject({ hookId, runId, token, ownerId: 'cloudflare-owner' });
    await world.events.create(runId, { eventType: 'hook_disposed', specVersion: 3, correlationId: hookId });
    await expect(world.hooks.getByToken(token)).rejects.toMatchObject({ name: 'HookNotFoundError' });
  });

  it('queue operations: the same idempotency key gives the same message, delivered once', async () => {
    const world = testWorld();
    const runId = await createRun('queue-example');
    const payload = { workflowName: 'queue-example', workflowRunId: runId, workflowStartedAt: Date.now(), stepId: 'step_1' };
    const opts = { deploymentId: await world.getDeploymentId(), idempotencyKey: `unique-key-${runId}` };
    const [a, b] = await Promise.all([world.queue('__wkf_step_process', payload, opts), world.queue('__wkf_step_process', payload, opts)]);
    expect(a.messageId).toBe(b.messageId);
    await eventually(() => callsOf(runId), (c) => c.length > 0);
    expect((await callsOf(runId)).length).toBe(1);
  });

  it('streaming data: write lines, close, read them back', async () => {
    const world = testWorld();
    const runId = await createRun('stream-example');
    const name = `logs-${crypto.randomUUID()}`;
    await world.writeToStream(name, runId, 'Log line 1\n');
    await world.writeToStream(name, runId, 'Log line 2\n');
    await world.closeStream(name, runId);
    const reader = (await world.readFromStream(name, 0)).getReader();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    expect(text).toBe('Log line 1\nLog line 2\n');
    expect(await world.listStreamsByRunId(runId)).toEqual([name]);
  });

  it('using Durable Objects for coordination: the run object’s HTTP routes, seen by the World', async () => {
    const world = testWorld();
    const runId = (await import('@workflow-world-cloudflare/core')).newRunId();
    const stub = env.WORKFLOW_RUN.get(env.WORKFLOW_RUN.idFromName(runId));
    const post = (path: string, body: unknown) => stub.fetch(`https://do${path}`, { method: 'POST', body: JSON.stringify(body) });

    expect((await post('/initialize', { runId, workflowName: 'do-example' })).status).toBe(201);
    expect((await post('/status', { status: 'running' })).status).toBe(200);
    const stepId = `step_${crypto.randomUUID()}`;
    expect((await post('/step/start', { stepId })).status).toBe(200);
    expect((await post('/step/complete', { stepId, output: { sent: true } })).status).toBe(200);
    const state = fromTagged(await (await stub.fetch('https://do/state')).json()) as { run: { status: string }; steps: { stepId: string; status: string }[] };
    expect(state.run.status).toBe('running');
    expect(state.steps.map((s) => [s.stepId, s.status])).toEqual([[stepId, 'completed']]);

    expect((await world.runs.get(runId)).status).toBe('running');
    expect(dec((await world.steps.get(undefined, stepId)).output)).toBe('{"sent":true}');
    expect((await world.runs.list({ workflowName: 'do-example' })).data.map((r) => r.runId)).toContain(runId);
  });
});
