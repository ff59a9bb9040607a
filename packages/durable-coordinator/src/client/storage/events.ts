/** `Storage['events']`: the one write path (`create`) and the event-log reads. */
import { resolvePage, toPage } from '@workflow-world-cloudflare/core';
import { type Event, type EventResult, isTerminalRunEventType, type PaginatedResponse, type ResolveData, type Storage } from '@workflow/world';
import { holdStepEnd, noteWoken, settleStepWrites, takeStepStart } from '../../step-invocation.js';
import { openRunStart, type RunStart } from '../run-starts.js';
import { type CreateEventCall, type CreateEventOutcome, eventPosition } from '../../protocol.js';
import { createHydrator, type Hydrator } from './hydrate.js';
import { offloadEvent } from '../../offload-event.js';
import { failureForLostWrite, failureForOversized } from './oversized.js';
import type { DurableStorageOptions } from './options.js';
import type { RecentOwners } from './recent-owners.js';
import { runStub, unwrap } from './run-stub.js';
import { carriesError, sealEventError } from './sealed-errors.js';
import { structuredErrorOf, type ValidatedEvent, validateEvent } from '../../validate-event.js';

type CreateParams = Parameters<Storage['events']['create']>[2];

export function createEventsStorage(opts: DurableStorageOptions, recent: RecentOwners): Storage['events'] {
  const { config } = opts;
  const hookStamp = { ownerId: config.OWNER_ID, projectId: config.PROJECT_ID, environment: config.ENVIRONMENT };

  async function create(runId: string | null, data: unknown, params?: CreateParams): Promise<EventResult> {
    const validated = stamped(validateEvent(runId, data), opts.runExecutionContext);
    // `start()` queues the run's first wake right after this call begins: it may ride along (`run-starts.ts`).
    const start = validated.event.eventType === 'run_created' ? openRunStart(opts.runs, validated.runId) : undefined;
    try {
      return await createValid(validated, params, start);
    } finally {
      start?.settle(undefined);
    }
  }

  async function createValid(validated: ValidatedEvent, params: CreateParams | undefined, start: RunStart | undefined): Promise<EventResult> {
    // With encryption at rest, an error's texts are sealed before anything is built from them or stored.
    const valid =
      opts.errorSealer && carriesError(validated.event.eventType)
        ? { ...validated, event: await sealEventError(opts.errorSealer, validated.runId, validated.event) }
        : validated;
    if (valid.event.eventType === 'step_completed') {
      // A step whose stream data could not be stored fails instead (see `settleStepWrites`).
      const lost = await settleStepWrites(valid.runId);
      if (lost) return create(valid.runId, failureForLostWrite(valid.event, lost), params);
    }
    const structuredError = structuredErrorOf(valid.event);
    let offloaded: Awaited<ReturnType<typeof offloadEvent>>;
    try {
      offloaded = await offloadEvent(opts.offloader, valid.runId, valid.event, structuredError);
    } catch (err) {
      // A result too large to store fails its step (or run) for good, once: see `oversized.ts`.
      const failure = failureForOversized(valid.event, err);
      if (!failure) throw err;
      return create(valid.runId, failure, params);
    }
    const wakes = start?.take() ?? [];
    const call: CreateEventCall = {
      runId: valid.runId,
      event: offloaded.event,
      hookStamp,
      ...(wakes.length > 0 ? { wakes } : {}),
      ...(structuredError ? { structuredError } : {}),
      ...(params?.stateUpdatedAt === undefined ? {} : { stateUpdatedAt: params.stateUpdatedAt }),
      ...(isTerminalRunEventType(valid.event.eventType) ? { retention: config.RUN_RETENTION } : {}),
    };
    // The handler's `step_completed` of a step its object dispatched: the object writes it with the delivery's
    // answer (`holdStepEnd`). Not one with payloads in R2 or a guard: only a write made here can clean up or 412.
    const holdable = valid.event.eventType === 'step_completed' && offloaded.keys.length === 0 && call.stateUpdatedAt === undefined;
    if (holdable && holdStepEnd(call)) return {};
    let outcome: CreateEventOutcome;
    try {
      // The handler's `step_started` of a step its object dispatched: the object wrote it then (`takeStepStart`).
      const started = valid.event.eventType === 'step_started' ? takeStepStart(valid.runId, valid.event.correlationId) : undefined;
      outcome = unwrap(started ?? await runStub(opts, valid.runId).eventsCreate(call));
      start?.settle(outcome.enqueued);
    } catch (err) {
      await opts.offloader.delete(offloaded.keys);
      throw err;
    }
    noteOwners(recent, valid.runId, outcome);
    if (outcome.woke) noteWoken(valid.runId, outcome.woke.messageId);
    if (outcome.runIndexDeferred) recent.noteRunIndexPending(valid.runId);
    if (!outcome.refsStored) await opts.offloader.delete(offloaded.keys);
    const result = await toEventResult(outcome, createHydrator(opts, offloaded.inHand), params?.resolveData ?? 'all');
    // The DevKit runtime enforces the ceiling the World reports with the run (`MaxEventsExceededError`).
    if (result.run) result.maxEvents = config.MAX_EVENTS_PER_RUN;
    return result;
  }

  /** D1's owners plus the ones this storage wrote a moment ago, which D1 may not have yet. */
  async function correlationOwners(correlationId: string): Promise<string[]> {
    const indexed = await opts.index.findRunIdsByCorrelationId(correlationId);
    return [...new Set([...indexed, ...recent.correlationOwners(correlationId)])];
  }

  return {
    create: create as Storage['events']['create'],
    async get(runId, eventId, params) {
      const event = unwrap(await runStub(opts, runId).eventsGet(runId, eventId));
      return createHydrator(opts).event(event, params?.resolveData ?? 'all');
    },
    async list(params) {
      const page = resolvePage('events', params.pagination);
      const rows = await runStub(opts, params.runId).eventsList(page);
      return hydratePage(rows, page.limit, createHydrator(opts), params.resolveData ?? 'all');
    },
    async listByCorrelationId(params) {
      const page = resolvePage('events', params.pagination);
      const runIds = params.runId ? [params.runId] : await correlationOwners(params.correlationId);
      const perRun = await Promise.all(
        runIds.map(async (id) => runStub(opts, id).eventsList(page, params.correlationId)),
      );
      // A correlation id is unique within a run; across runs, merge by the cursor order and keep limit + 1.
      const dir = page.sortOrder === 'asc' ? 1 : -1;
      const rows = perRun
        .flat()
        .sort((a, b) => dir * (a.createdAt.getTime() - b.createdAt.getTime() || (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0)))
        .slice(0, page.limit + 1);
      return hydratePage(rows, page.limit, createHydrator(opts), params.resolveData ?? 'all');
    },
  };
}

/** The lookups the run object writes to D1 after answering (`putStep` / `putCorrelation`), remembered here. */
function noteOwners(recent: RecentOwners, runId: string, outcome: CreateEventOutcome): void {
  const event = outcome.event;
  if (!event?.correlationId) return;
  switch (event.eventType) {
    case 'step_created':
      recent.noteStep(event.correlationId, runId);
      recent.noteCorrelation(event.correlationId, runId);
      return;
    case 'wait_created':
    case 'hook_created':
    case 'hook_conflict':
      recent.noteCorrelation(event.correlationId, runId);
      return;
    default:
      return;
  }
}

async function hydratePage(rows: Event[], limit: number, hydrate: Hydrator, resolveData: ResolveData): Promise<PaginatedResponse<Event>> {
  const page = toPage(rows, limit, eventPosition);
  // A replay's whole log comes from the run object's cache: events without refs need no await at all.
  const data = page.data.map((e) => hydrate.eventNow(e, resolveData) ?? hydrate.event(e, resolveData));
  return { ...page, data: data.some((d) => d instanceof Promise) ? await Promise.all(data) : (data as Event[]) };
}

async function toEventResult(outcome: CreateEventOutcome, hydrate: Hydrator, resolveData: ResolveData): Promise<EventResult> {
  const result: EventResult = {};
  if (outcome.event) result.event = await hydrate.event(outcome.event, resolveData);
  if (outcome.run) result.run = await hydrate.run(outcome.run, resolveData);
  if (outcome.step) result.step = await hydrate.step(outcome.step, resolveData);
  if (outcome.hook) result.hook = await hydrate.hook(outcome.hook, resolveData);
  if (outcome.wait) result.wait = hydrate.wait(outcome.wait);
  if (outcome.events) {
    // The object sends the first page over RPC, the whole log in-process (`hasMore: false`).
    const limit = outcome.hasMore === false ? Math.max(1, outcome.events.length) : 100;
    const page = await hydratePage(outcome.events, limit, hydrate, resolveData);
    Object.assign(result, { events: page.data, cursor: page.cursor, hasMore: page.hasMore });
  }
  return result;
}

/**
 * A new run carries the storage's `runExecutionContext` (beside what the caller put there, which wins). Runs are
 * created by `run_created`, or by a `run_started` carrying the creation data (core's resilient start: `start()`
 * queues the first delivery beside `run_created`, and that delivery may create the run first).
 */
function stamped(valid: ValidatedEvent, extra: Record<string, unknown> | undefined): ValidatedEvent {
  if (!extra) return valid;
  const { event } = valid;
  if (event.eventType !== 'run_created' && !(event.eventType === 'run_started' && event.eventData)) return valid;
  const eventData = event.eventData as { executionContext?: Record<string, unknown> };
  return { ...valid, event: { ...event, eventData: { ...eventData, executionContext: { ...extra, ...eventData.executionContext } } } as ValidatedEvent['event'] };
}
