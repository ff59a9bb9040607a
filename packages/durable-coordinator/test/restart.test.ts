/// <reference types="@cloudflare/vitest-plugin/types" />
import { abortAllDurableObjects, evictDurableObject, runInDurableObject } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import type { WorkflowRunObject } from '../src/index.js';
import { allEvents, enc, newStep, SPEC, startedRun, unique } from '@workflow-world-cloudflare/core/testing';
import { createTestStorage, runStubOf } from './helpers.js';

describe('restarts', () => {
  it('eviction and abort keep the log, the entities and event id order', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage, { input: enc('keep') });
    await newStep(storage, runId, 's');
    const token = unique('t');
    const hookId = unique('h');
    await storage.events.create(runId, { eventType: 'hook_created', specVersion: SPEC, correlationId: hookId, eventData: { token } });
    const before = await allEvents(storage, runId);

    await evictDurableObject(runStubOf(runId));
    expect(await allEvents(storage, runId)).toEqual(before);
    await abortAllDurableObjects();
    expect(await allEvents(storage, runId)).toEqual(before);
    expect((await storage.runs.get(runId)).input).toEqual(enc('keep'));
    expect((await storage.steps.get(runId, 's')).status).toBe('pending');
    expect((await storage.hooks.getByToken(token)).hookId).toBe(hookId);

    const next = await storage.events.create(runId, { eventType: 'step_started', specVersion: SPEC, correlationId: 's' });
    const last = before[before.length - 1];
    expect((next.event?.eventId ?? '') > (last?.eventId ?? '')).toBe(true);
    expect(next.event?.createdAt.getTime()).toBeGreaterThanOrEqual(last?.createdAt.getTime() ?? 0);
  });

  it('tables are wf_-prefixed and the DDL is versioned', async () => {
    const storage = createTestStorage();
    const runId = await startedRun(storage);
    await evictDurableObject(runStubOf(runId));
    const { tables, version } = await runInDurableObject(runStubOf(runId), (_: WorkflowRunObject, state) => ({
      tables: state.storage.sql
        .exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_cf_%' ORDER BY name")
        .toArray()
        .map((r) => String(r.name)),
      version: String(state.storage.sql.exec("SELECT value FROM wf_meta WHERE key = 'schema_version'").one().value),
    }));
    // wf_queue_*: the run's inbox (queue-cf's message store, embedded).
    expect(tables).toEqual(['wf_events', 'wf_hooks', 'wf_meta', 'wf_outbox', 'wf_queue_messages', 'wf_queue_meta', 'wf_run', 'wf_steps', 'wf_waits']);
    expect(version).toBe('1');
  });
});
