/**
 * The run object's HTTP routes, kept from the project's first README ("Using Durable Objects for
 * Coordination"). Each route turns its body into DevKit event requests and sends them through the very
 * operation behind the `eventsCreate` RPC (the storage edge's validation, the state machine, one
 * `transactionSync`, the outbox to D1), so there is one state machine and the index stays in sync.
 *
 * - `POST /initialize` `{ runId, workflowName, deploymentId?, input? }` → `run_created`; 201 `{ run }`.
 *   Idempotent: when this object already holds `runId`, 200 `{ run }` with the current run (another runId: 409).
 * - `POST /status` `{ status: running | completed | failed | cancelled, output?, error?, errorCode? }` →
 *   `run_started` / `run_completed` / `run_failed` / `run_cancelled`; 200 `{ run }`.
 * - `POST /step/start` `{ stepId, stepName?, input? }` → `step_created` (only if the step does not exist yet;
 *   `stepName` defaults to `stepId`), then `step_started`; 200 `{ step }`.
 * - `POST /step/complete` `{ stepId, output? }` → `step_completed`; 200 `{ step }`.
 * - `GET /state?limit=&cursor=` → 200 `{ run, steps, hooks, events, cursor, hasMore }`: every step and live hook,
 *   and one page of the event log oldest first (`limit` 1–1000, default 1000; pass `cursor` back for the next
 *   page, as with `events.list`). A bad limit or cursor is 400.
 *
 * JSON `input` / `output` values are stored as their UTF-8 JSON bytes. Answers use core's tagged JSON
 * (`toTagged`): bytes as `{ "$b64": base64 }`, dates as `{ "$date": ISO }`, payloads kept in R2 as
 * `{ "$blob", "size" }` references (read those through the World); `fromTagged` restores the exact values.
 * A payload above `LARGE_DATA_THRESHOLD` is refused with 413: this surface never writes R2 (large payloads
 * go through the World's `events.create`, which offloads them). Failures are `{ error: { name, message } }`.
 */
import {
  CloudflareWorldError,
  fromRpcError,
  MAX_PAGE_LIMIT,
  type PageRequest,
  parseWorldConfig,
  payloadByteLength,
  resolvePage,
  toTagged,
} from '@workflow-world-cloudflare/core';
import { EntityConflictError, WorkflowRunNotFoundError } from '@workflow/errors';
import { type AnyEventRequest, SPEC_VERSION_CURRENT, type Step, type WorkflowRun } from '@workflow/world';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { WorkflowRunObjectEnv } from '../../env.js';
import { type CreateEventCall, type CreateEventOutcome, NO_HOOK_STAMP, type RpcResult } from '../../protocol.js';
import type { RunState } from '../state/state.js';
import { payloadFields } from '../../offload-event.js';
import { structuredErrorOf, validateEvent } from '../../validate-event.js';
import { InitializeBody, jsonBytes, parseBody, StatusBody, StepCompleteBody, StepStartBody } from './bodies.js';
import { httpErrorBody, httpStatusOf } from './errors.js';

/** What the routes need from the run object: its `eventsCreate` operation and synchronous reads. */
export interface RunRouteTarget {
  /** The `eventsCreate` RPC operation itself. */
  eventsCreate(call: CreateEventCall): Promise<RpcResult<CreateEventOutcome>>;
  /** The run as `runs.get` shows it, or `null` before `run_created`. */
  run(): WorkflowRun | null;
  step(stepId: string): Step | null;
  /** The run's state with one page of its events. */
  state(page: PageRequest): RunState | null;
  /** The name the object was addressed by (`idFromName`), when the runtime exposes it. */
  objectName(): string | undefined;
}

type RunEnv = { Bindings: WorkflowRunObjectEnv };

/** Bodies carry small JSON; anything this big is refused before it is read. */
const MAX_BODY_BYTES = 2 * 1024 * 1024;


/** The Hono app serving the routes above for one run object. */
export function createRunRoutes(target: RunRouteTarget): Hono<RunEnv> {
  const app = new Hono<RunEnv>();

  /** Validates like `events.create`, refuses large payloads, then runs the object's operation. */
  async function send(env: WorkflowRunObjectEnv, runId: string, request: AnyEventRequest): Promise<CreateEventOutcome> {
    const { runId: id, event } = validateEvent(runId, request);
    assertInlinePayloads(env, event);
    const result = await target.eventsCreate({ runId: id, event, structuredError: structuredErrorOf(event), hookStamp: NO_HOOK_STAMP });
    if (!result.ok) throw fromRpcError(result.error);
    return result.value;
  }

  function requireRun(): WorkflowRun {
    const run = target.run();
    if (!run) throw new WorkflowRunNotFoundError(target.objectName() ?? '');
    return run;
  }

  function reply(body: Record<string, unknown>, status: ContentfulStatusCode = 200): Response {
    return Response.json(toTagged(body), { status });
  }

  app.use(
    bodyLimit({
      maxSize: MAX_BODY_BYTES,
      onError: (c) => {
        const err = new CloudflareWorldError('PAYLOAD_TOO_LARGE', `Request bodies are limited to ${MAX_BODY_BYTES} bytes`);
        return c.json(httpErrorBody(err), 413);
      },
    }),
  );

  app.post('/initialize', async (c) => {
    const body = await parseBody(c.req.raw, InitializeBody, 'POST /initialize');
    const name = target.objectName();
    if (name !== undefined && name !== body.runId) {
      throw new CloudflareWorldError('INVALID_ARGUMENT', `POST /initialize: this object is run "${name}", the body names "${body.runId}"`);
    }
    const existing = target.run();
    if (existing) return reply({ run: sameRun(existing, body.runId) });
    const eventData = {
      deploymentId: body.deploymentId ?? parseWorldConfig(c.env as unknown as Record<string, unknown>).DEPLOYMENT_ID,
      workflowName: body.workflowName,
      input: jsonBytes(body.input),
    };
    try {
      const { run } = await send(c.env, body.runId, { eventType: 'run_created', specVersion: SPEC_VERSION_CURRENT, eventData });
      return reply({ run }, 201);
    } catch (err) {
      // A concurrent initialize of the same run got there first: answer as its repeat.
      const current = target.run();
      if (EntityConflictError.is(err) && current) return reply({ run: sameRun(current, body.runId) });
      throw err;
    }
  });

  app.post('/status', async (c) => {
    const body = await parseBody(c.req.raw, StatusBody, 'POST /status');
    const { runId } = requireRun();
    const outcome = await send(c.env, runId, statusEvent(body));
    return reply({ run: outcome.run ?? requireRun() });
  });

  app.post('/step/start', async (c) => {
    const body = await parseBody(c.req.raw, StepStartBody, 'POST /step/start');
    const { runId } = requireRun();
    if (!target.step(body.stepId)) {
      const created: AnyEventRequest = {
        eventType: 'step_created',
        specVersion: SPEC_VERSION_CURRENT,
        correlationId: body.stepId,
        eventData: { stepName: body.stepName ?? body.stepId, input: jsonBytes(body.input) },
      };
      try {
        await send(c.env, runId, created);
      } catch (err) {
        // Created meanwhile by a concurrent start: go on and start it. Any other conflict (ended run) stands.
        if (!(EntityConflictError.is(err) && target.step(body.stepId))) throw err;
      }
    }
    const { step } = await send(c.env, runId, { eventType: 'step_started', specVersion: SPEC_VERSION_CURRENT, correlationId: body.stepId });
    return reply({ step });
  });

  app.post('/step/complete', async (c) => {
    const body = await parseBody(c.req.raw, StepCompleteBody, 'POST /step/complete');
    const { runId } = requireRun();
    const { step } = await send(c.env, runId, {
      eventType: 'step_completed',
      specVersion: SPEC_VERSION_CURRENT,
      correlationId: body.stepId,
      eventData: { result: jsonBytes(body.output) },
    });
    return reply({ step });
  });

  app.get('/state', (c) => {
    const limit = c.req.query('limit');
    const cursor = c.req.query('cursor');
    const page = resolvePage('events', {
      limit: limit === undefined ? MAX_PAGE_LIMIT : Number(limit),
      ...(cursor === undefined ? {} : { cursor }),
    });
    const state = target.state(page);
    if (!state) throw new WorkflowRunNotFoundError(target.objectName() ?? '');
    return reply({ ...state });
  });

  app.notFound((c) => c.json({ error: { name: 'NotFound', message: `No route ${c.req.method} ${c.req.path}` } }, 404));
  app.onError((err, c) => {
    const status = httpStatusOf(err);
    // Expected failures are the caller's; anything else is a bug or a platform failure worth a log line.
    if (status >= 500) console.error('WorkflowRunObject route failed', err);
    return c.json(httpErrorBody(err), status);
  });
  return app;
}

/** The existing run when it is `runId` (idempotent initialize); another run is a conflict. */
function sameRun(run: WorkflowRun, runId: string): WorkflowRun {
  if (run.runId !== runId) throw new EntityConflictError(`This object already holds run "${run.runId}", not "${runId}"`);
  return run;
}

function statusEvent(body: ReturnType<typeof StatusBody.parse>): AnyEventRequest {
  const specVersion = SPEC_VERSION_CURRENT;
  switch (body.status) {
    case 'running':
      return { eventType: 'run_started', specVersion };
    case 'completed':
      return { eventType: 'run_completed', specVersion, eventData: { output: jsonBytes(body.output) } };
    case 'failed':
      return {
        eventType: 'run_failed',
        specVersion,
        eventData: { error: body.error ?? { message: 'Unknown error' }, ...(body.errorCode === undefined ? {} : { errorCode: body.errorCode }) },
      };
    case 'cancelled':
      return { eventType: 'run_cancelled', specVersion };
  }
}

/**
 * 413 for a payload field above `LARGE_DATA_THRESHOLD` (env var, default 10240): the object keeps only inline
 * payloads and never writes R2.
 */
function assertInlinePayloads(env: WorkflowRunObjectEnv, event: AnyEventRequest): void {
  const data = 'eventData' in event ? (event.eventData as Record<string, unknown> | undefined) : undefined;
  if (!data) return;
  const limit = parseWorldConfig(env as unknown as Record<string, unknown>).LARGE_DATA_THRESHOLD;
  for (const field of payloadFields(event.eventType)) {
    const size = payloadByteLength(data[field]);
    if (size > limit) {
      throw new CloudflareWorldError(
        'PAYLOAD_TOO_LARGE',
        `${event.eventType}.${field} is ${size} bytes; this route keeps payloads inline up to LARGE_DATA_THRESHOLD (${limit}). Send larger ones through the World's events.create, which stores them in R2`,
        { details: { field, size, limit } },
      );
    }
  }
}
