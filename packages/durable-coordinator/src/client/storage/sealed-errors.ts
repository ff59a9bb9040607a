/**
 * Errors at rest. The DevKit encrypts payloads itself (with the key `getEncryptionKeyForRun` gives it), but stores
 * errors as given: a failed step's or run's message and stack, which can carry user data. With a sealer (the
 * umbrella provides one when `WORKFLOW_ENCRYPTION_KEY` is set), the storage seals every string of an error
 * before it leaves the Worker — in the event, the run's or step's `error`, the D1 snapshot — and opens them
 * again on every read, so callers (and the DevKit) see the plain text.
 */
import type { AnyEventRequest, Event } from '@workflow/world';

/** Seals and opens texts with the run's key. */
export interface ErrorSealer {
  /** `text` sealed for `runId`; as it is when the run is not encrypted. */
  seal(runId: string, text: string): Promise<string>;
  /** The plain text of a sealed `text`; any other text as it is. */
  open(runId: string, text: string): Promise<string>;
  isSealed(text: string): boolean;
}

/** Event types whose `eventData.error` / `eventData.stack` hold an error. */
const ERROR_EVENTS = new Set<string>(['run_failed', 'step_failed', 'step_retrying']);

export const carriesError = (eventType: string): boolean => ERROR_EVENTS.has(eventType);

/** The event with every string of its `eventData.error` and `eventData.stack` sealed. */
export async function sealEventError<E extends AnyEventRequest>(sealer: ErrorSealer, runId: string, event: E): Promise<E> {
  if (!carriesError(event.eventType) || !('eventData' in event) || !event.eventData) return event;
  const data = event.eventData as Record<string, unknown>;
  const sealed: Record<string, unknown> = { ...data, error: await mapStrings(data.error, (s) => sealer.seal(runId, s)) };
  if (typeof data.stack === 'string') sealed.stack = await sealer.seal(runId, data.stack);
  return { ...event, eventData: sealed };
}

/** `value` with every sealed string inside it opened. */
export function openSealed<T>(sealer: ErrorSealer, runId: string, value: T): Promise<T> {
  return mapStrings(value, (s) => (sealer.isSealed(s) ? sealer.open(runId, s) : Promise.resolve(s))) as Promise<T>;
}

/** The event with its error opened (only error-carrying events can hold sealed text). */
export async function openEventError(sealer: ErrorSealer, event: Event): Promise<Event> {
  if (!carriesError(event.eventType) || !('eventData' in event) || !event.eventData) return event;
  return { ...event, eventData: await openSealed(sealer, event.runId, event.eventData) } as Event;
}

async function mapStrings(value: unknown, f: (s: string) => Promise<string>): Promise<unknown> {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return Promise.all(value.map((v) => mapStrings(v, f)));
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await mapStrings(v, f)] as const));
    return Object.fromEntries(entries);
  }
  return value;
}
