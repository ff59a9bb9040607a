/**
 * What the Worker-side storage and queue need from a run's object. A `DurableObjectStub<WorkflowRunObject>`
 * is one (every call an RPC); inside the object, while it executes the run, the object hands out an
 * in-process port with the same methods (see `execution/local-run.ts`), so the run's own replay never pays
 * for a round trip to where its state already is.
 */
import type { PageRequest } from '@workflow-world-cloudflare/core';
import type { Event, Hook, Step, WorkflowRun } from '@workflow/world';
import type { EnqueueCall, EnqueueOutcome } from './enqueue-call.js';
import type { CreateEventCall, CreateEventOutcome, RpcResult } from './protocol.js';

type MaybePromise<T> = T | Promise<T>;

export interface RunPort {
  eventsCreate(call: CreateEventCall): MaybePromise<RpcResult<CreateEventOutcome>>;
  runsGet(runId: string): MaybePromise<RpcResult<WorkflowRun>>;
  stepsGet(runId: string, stepId: string): MaybePromise<RpcResult<Step>>;
  stepsList(page: PageRequest): MaybePromise<Step[]>;
  eventsGet(runId: string, eventId: string): MaybePromise<RpcResult<Event>>;
  eventsList(page: PageRequest, correlationId?: string): MaybePromise<Event[]>;
  hooksGet(hookId: string): MaybePromise<RpcResult<Hook>>;
  hooksList(page: PageRequest): MaybePromise<Hook[]>;
  enqueue(call: EnqueueCall): MaybePromise<RpcResult<EnqueueOutcome>>;
  indexFlush(): MaybePromise<void>;
}
