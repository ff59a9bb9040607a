/**
 * Entities on their way out: parsed with the DevKit schemas, then either hydrated (every `BlobRef` replaced
 * by its payload, for `resolveData: 'all'`) or stripped of exactly the payload fields (`'none'`, no R2).
 */
import { type PayloadOffloader, swapBlobRefs } from '@workflow-world-cloudflare/blob-r2';
import {
  type Event,
  EventSchema,
  type Hook,
  HookSchema,
  type ResolveData,
  type Step,
  StepSchema,
  stripEventDataRefs,
  type Wait,
  WaitSchema,
  type WorkflowRun,
  WorkflowRunSchema,
} from '@workflow/world';
import { keepCancelReason } from '../../cancel-reason.js';
import { trustedMark } from '../../trusted-events.js';
import { carriesError, type ErrorSealer, openEventError, openSealed } from './sealed-errors.js';

/** Payloads the caller still has in hand, by blob key: used instead of reading back what was just written. */
export type InHand = ReadonlyMap<string, unknown>;

export interface Hydrator {
  run(run: WorkflowRun, resolveData: ResolveData): Promise<WorkflowRun>;
  step(step: Step, resolveData: ResolveData): Promise<Step>;
  hook(hook: Hook, resolveData: ResolveData): Promise<Hook>;
  event(event: Event, resolveData: ResolveData): Promise<Event>;
  /** The event at once when nothing needs resolving (a cached event without refs), else `undefined`. */
  eventNow(event: Event, resolveData: ResolveData): Event | undefined;
  wait(wait: Wait): Wait;
}

/** What a hydrator reads with: the offloader (refs), and the sealer when errors are sealed at rest. */
export interface HydrateDeps {
  offloader: PayloadOffloader;
  errorSealer?: ErrorSealer | undefined;
}

export function createHydrator(deps: HydrateDeps, inHand: InHand = new Map()): Hydrator {
  const { offloader, errorSealer: sealer } = deps;
  const resolve = <T>(value: T): Promise<T> => offloader.resolve(substitute(value, inHand));
  /** The entity with its sealed error opened. */
  const opened = async <T extends { runId: string; error?: unknown }>(entity: T): Promise<T> =>
    sealer && entity.error !== undefined ? { ...entity, error: await openSealed(sealer, entity.runId, entity.error) } : entity;

  /** From this isolate's run-object cache: parsed already, frozen, and known to hold refs or not. */
  function eventNow(event: Event, resolveData: ResolveData): Event | undefined {
    const mark = trustedMark(event);
    if (!mark || mark.hasRefs) return undefined;
    // A sealed error must be opened first (only error-carrying events can hold one).
    if (sealer && carriesError(event.eventType)) return undefined;
    return resolveData === 'none' ? stripEventDataRefs(event, 'none') : event;
  }

  return {
    async run(run, resolveData) {
      const parsed = WorkflowRunSchema.parse(run);
      return opened(resolveData === 'none' ? ({ ...parsed, input: undefined, output: undefined } as WorkflowRun) : await resolve(parsed));
    },
    async step(step, resolveData) {
      const parsed = StepSchema.parse(step);
      return opened(resolveData === 'none' ? { ...parsed, input: undefined, output: undefined } : await resolve(parsed));
    },
    async hook(hook, resolveData) {
      const parsed = HookSchema.parse(hook);
      if (resolveData !== 'none') return resolve(parsed);
      const { metadata: _stripped, ...rest } = parsed;
      return rest;
    },
    eventNow,
    async event(event, resolveData) {
      const now = eventNow(event, resolveData);
      if (now) return now;
      const mark = trustedMark(event);
      const parsed = mark ? event : keepCancelReason(EventSchema.parse(event) as Event, event);
      const result = resolveData === 'none' ? stripEventDataRefs(parsed, 'none') : await resolve(parsed);
      return sealer ? openEventError(sealer, result) : result;
    },
    wait: (wait) => WaitSchema.parse(wait),
  };
}

/** Replaces refs whose key is in `inHand` by the payload the caller still holds. */
function substitute<T>(value: T, inHand: InHand): T {
  if (inHand.size === 0) return value;
  return swapBlobRefs(value, (ref) => (inHand.has(ref.$blob) ? inHand.get(ref.$blob) : ref));
}
